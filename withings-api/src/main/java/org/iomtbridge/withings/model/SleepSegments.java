package org.iomtbridge.withings.model;

import java.util.List;

/** The answer of sleep v2 {@code get}. */
public record SleepSegments(List<SleepSegment> series) {

    public SleepSegments {
        series = List.copyOf(series);
    }
}
