package org.iomtbridge.withings.model;

import java.util.List;

/** The answer of measure v2 {@code getworkouts}: one page, or all pages joined. */
public record Workouts(List<Workout> series, boolean more, long offset) implements Paged {

    public Workouts {
        series = List.copyOf(series);
    }
}
