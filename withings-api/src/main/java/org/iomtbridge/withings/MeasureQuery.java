package org.iomtbridge.withings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parameters of {@code getmeas}. Start from {@link #updatedSince(Instant)} for incremental syncs (Withings
 * recommends {@code lastupdate} over notification windows), {@link #between(Instant, Instant)} for a time window, or
 * {@link #everything()}, then narrow it.
 */
public record MeasureQuery(Optional<Instant> lastUpdate, Optional<Instant> startDate, Optional<Instant> endDate,
                           List<Integer> measureTypes, OptionalInt category, long offset) {

    public MeasureQuery {
        measureTypes = List.copyOf(measureTypes);
        if (lastUpdate.isPresent() && (startDate.isPresent() || endDate.isPresent())) {
            throw new IllegalArgumentException("getmeas takes either lastupdate or startdate/enddate, not both");
        }
    }

    public static MeasureQuery everything() {
        return new MeasureQuery(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), OptionalInt.empty(), 0);
    }

    /** Groups created or changed after {@code lastUpdate}, deleted ones included. */
    public static MeasureQuery updatedSince(Instant lastUpdate) {
        return new MeasureQuery(Optional.of(lastUpdate), Optional.empty(), Optional.empty(), List.of(),
                OptionalInt.empty(), 0);
    }

    /** Groups measured between {@code start} and {@code end}. */
    public static MeasureQuery between(Instant start, Instant end) {
        return new MeasureQuery(Optional.empty(), Optional.of(start), Optional.of(end), List.of(), OptionalInt.empty(), 0);
    }

    /** Only these measure types ({@code meastype} for one, {@code meastypes} for several). */
    public MeasureQuery withTypes(Integer... types) {
        return new MeasureQuery(lastUpdate, startDate, endDate, List.of(types), category, offset);
    }

    /** 1 for real measures, 2 for user objectives. */
    public MeasureQuery withCategory(int category) {
        return new MeasureQuery(lastUpdate, startDate, endDate, measureTypes, OptionalInt.of(category), offset);
    }

    public MeasureQuery atOffset(long offset) {
        return new MeasureQuery(lastUpdate, startDate, endDate, measureTypes, category, offset);
    }

    void addTo(WithingsRequest request) {
        if (measureTypes.size() == 1) {
            request.param("meastype", measureTypes.get(0));
        } else if (!measureTypes.isEmpty()) {
            request.param("meastypes", String.join(",", measureTypes.stream().map(String::valueOf).toList()));
        }
        if (category.isPresent()) {
            request.param("category", category.getAsInt());
        }
        request.param("startdate", startDate.map(Instant::getEpochSecond));
        request.param("enddate", endDate.map(Instant::getEpochSecond));
        request.param("lastupdate", lastUpdate.map(Instant::getEpochSecond));
        if (offset > 0) {
            request.param("offset", offset);
        }
    }
}
