package org.iomtbridge.withings.model;

import java.util.List;

/** The answer of heart v2 {@code list}: one page, or all pages joined. */
public record HeartRecords(List<HeartRecord> series, boolean more, long offset) implements Paged {

    public HeartRecords {
        series = List.copyOf(series);
    }
}
