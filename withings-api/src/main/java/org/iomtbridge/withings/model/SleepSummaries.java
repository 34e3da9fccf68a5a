package org.iomtbridge.withings.model;

import java.util.List;

/** The answer of sleep v2 {@code getsummary}: one page, or all pages joined. */
public record SleepSummaries(List<SleepSummary> series, boolean more, long offset) implements Paged {

    public SleepSummaries {
        series = List.copyOf(series);
    }
}
