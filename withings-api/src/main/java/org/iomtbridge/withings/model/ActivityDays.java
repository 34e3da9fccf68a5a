package org.iomtbridge.withings.model;

import java.util.List;

/** The answer of measure v2 {@code getactivity}: one page, or all pages joined. */
public record ActivityDays(List<ActivityDay> activities, boolean more, long offset) implements Paged {

    public ActivityDays {
        activities = List.copyOf(activities);
    }
}
