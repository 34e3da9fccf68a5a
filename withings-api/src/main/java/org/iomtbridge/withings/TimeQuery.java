package org.iomtbridge.withings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The parameters of the calls over a time window: heart v2 {@code list} (window optional, paged), sleep v2
 * {@code get} and {@code getintradayactivity} (window required; Withings answers the first 24 hours of it).
 */
public record TimeQuery(Optional<Instant> startDate, Optional<Instant> endDate, List<String> dataFields, long offset) {

    public TimeQuery {
        dataFields = List.copyOf(dataFields);
        if (startDate.isPresent() && endDate.isPresent() && endDate.get().isBefore(startDate.get())) {
            throw new IllegalArgumentException("enddate " + endDate.get() + " is before startdate " + startDate.get());
        }
    }

    public static TimeQuery between(Instant start, Instant end) {
        return new TimeQuery(Optional.of(start), Optional.of(end), List.of(), 0);
    }

    /** Heart v2 {@code list} without a window: every recording. */
    public static TimeQuery everything() {
        return new TimeQuery(Optional.empty(), Optional.empty(), List.of(), 0);
    }

    /** The {@code data_fields} to return, for example {@code hr}, {@code rr} or {@code steps}. */
    public TimeQuery withDataFields(String... fields) {
        return new TimeQuery(startDate, endDate, List.of(fields), offset);
    }

    public TimeQuery atOffset(long offset) {
        return new TimeQuery(startDate, endDate, dataFields, offset);
    }

    void addTo(WithingsRequest request) {
        request.param("startdate", startDate.map(Instant::getEpochSecond));
        request.param("enddate", endDate.map(Instant::getEpochSecond));
        if (!dataFields.isEmpty()) {
            request.param("data_fields", String.join(",", dataFields));
        }
        if (offset > 0) {
            request.param("offset", offset);
        }
    }

    void requireWindow(WithingsCall call) {
        if (startDate.isEmpty() || endDate.isEmpty()) {
            throw new IllegalArgumentException(call + " needs a startdate and an enddate: use TimeQuery.between");
        }
    }
}
