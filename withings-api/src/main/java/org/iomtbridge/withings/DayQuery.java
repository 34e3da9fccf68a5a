package org.iomtbridge.withings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The parameters of the calls that answer per local day or per session: {@code getactivity}, {@code getworkouts}
 * and sleep {@code getsummary}. Either a range of local dates or a {@code lastupdate} cursor.
 */
public record DayQuery(Optional<LocalDate> startDay, Optional<LocalDate> endDay, Optional<Instant> lastUpdate,
                       List<String> dataFields, long offset) {

    public DayQuery {
        dataFields = List.copyOf(dataFields);
        if (lastUpdate.isPresent() == (startDay.isPresent() || endDay.isPresent())) {
            throw new IllegalArgumentException("give either a range of days or lastupdate");
        }
    }

    public static DayQuery days(LocalDate first, LocalDate last) {
        return new DayQuery(Optional.of(first), Optional.of(last), Optional.empty(), List.of(), 0);
    }

    public static DayQuery updatedSince(Instant lastUpdate) {
        return new DayQuery(Optional.empty(), Optional.empty(), Optional.of(lastUpdate), List.of(), 0);
    }

    /** The {@code data_fields} to return, for example {@code steps}, {@code hr_average}. */
    public DayQuery withDataFields(String... fields) {
        return new DayQuery(startDay, endDay, lastUpdate, List.of(fields), offset);
    }

    public DayQuery atOffset(long offset) {
        return new DayQuery(startDay, endDay, lastUpdate, dataFields, offset);
    }

    void addTo(WithingsRequest request) {
        request.param("startdateymd", startDay);
        request.param("enddateymd", endDay);
        request.param("lastupdate", lastUpdate.map(Instant::getEpochSecond));
        if (!dataFields.isEmpty()) {
            request.param("data_fields", String.join(",", dataFields));
        }
        if (offset > 0) {
            request.param("offset", offset);
        }
    }
}
