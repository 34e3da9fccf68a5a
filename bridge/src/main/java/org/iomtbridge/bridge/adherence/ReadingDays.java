package org.iomtbridge.bridge.adherence;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The reading_day table: which day each counted reading was taken on. */
@Repository
class ReadingDays {

    private static final int CHUNK = 500;

    record Reading(String observationId, String withingsUserId, String patientReference, String kind,
                   LocalDate localDay, int utcOffsetSeconds, Instant measuredAt, Optional<String> device) {
    }

    /** A day a user took a reading of a kind. */
    record Day(String withingsUserId, String kind, LocalDate day) {
    }

    /** A user's latest reading with a device (none: readings entered by hand). */
    record Latest(String withingsUserId, Optional<String> device, Instant measuredAt, int utcOffsetSeconds) {
    }

    private final JdbcClient jdbc;

    ReadingDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the readings; one recorded before (the same Observation written again) takes their new day. Two writes of
     * the same Observation at once (a backfill's pages written side by side, a live sync beside a backfill) record it
     * once: the later one finds the first's row and leaves it.
     */
    void record(List<Reading> readings) {
        delete(readings.stream().map(Reading::observationId).toList());
        for (Reading reading : readings) {
            jdbc.sql("""
                            insert into reading_day (observation_id, withings_user_id, patient_reference, kind, local_day,
                            utc_offset_seconds, measured_at, device)
                            values (:id, :user, :patient, :kind, :day, :offset, :measured, :device)
                            on conflict do nothing""")
                    .param("id", reading.observationId()).param("user", reading.withingsUserId())
                    .param("patient", reading.patientReference()).param("kind", reading.kind())
                    .param("day", Date.valueOf(reading.localDay())).param("offset", reading.utcOffsetSeconds())
                    .param("measured", Timestamp.from(reading.measuredAt()))
                    .param("device", reading.device().orElse(null))
                    .update();
        }
    }

    void delete(Collection<String> observationIds) {
        List<String> ids = new ArrayList<>(observationIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            jdbc.sql("delete from reading_day where observation_id in (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK))).update();
        }
    }

    void deleteOf(String withingsUserId) {
        jdbc.sql("delete from reading_day where withings_user_id = :user").param("user", withingsUserId).update();
    }

    /** Each user's days with a reading of each kind, from {@code from} on (the days as each user lived them). */
    List<Day> daysFrom(LocalDate from) {
        return jdbc.sql("""
                        select withings_user_id, kind, local_day from reading_day where local_day >= :from
                        group by withings_user_id, kind, local_day""")
                .param("from", Date.valueOf(from))
                .query((row, number) -> new Day(row.getString("withings_user_id"), row.getString("kind"),
                        row.getDate("local_day").toLocalDate()))
                .list();
    }

    /** Each user's latest reading per device, once (the readings of one measure group share their time). */
    List<Latest> latest() {
        return jdbc.sql("""
                        select distinct r.withings_user_id, r.device, r.measured_at, r.utc_offset_seconds from reading_day r
                        join (select withings_user_id, device, max(measured_at) as latest from reading_day
                              group by withings_user_id, device) l
                        on r.withings_user_id = l.withings_user_id and r.measured_at = l.latest
                        and (r.device = l.device or (r.device is null and l.device is null))""")
                .query((row, number) -> new Latest(row.getString("withings_user_id"),
                        Optional.ofNullable(row.getString("device")), row.getTimestamp("measured_at").toInstant(),
                        row.getInt("utc_offset_seconds")))
                .list();
    }
}
