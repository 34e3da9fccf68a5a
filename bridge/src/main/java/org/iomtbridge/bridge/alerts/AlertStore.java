package org.iomtbridge.bridge.alerts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The alert table. */
@Repository
class AlertStore {

    /** Bounds the {@code in (…)} lists of one query. */
    private static final int CHUNK = 500;

    private final JdbcClient jdbc;

    AlertStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<String, Alert> byObservation(Collection<String> observationIds) {
        Map<String, Alert> found = new HashMap<>();
        List<String> ids = new ArrayList<>(observationIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            jdbc.sql("select * from alert where observation_id in (:ids)")
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + CHUNK)))
                    .query(AlertStore::read).list()
                    .forEach(alert -> found.put(alert.observationId(), alert));
        }
        return found;
    }

    Optional<Alert> find(long id) {
        return jdbc.sql("select * from alert where id = :id").param("id", id).query(AlertStore::read).optional();
    }

    /** Newest reading first; all statuses when none is given. */
    List<Alert> list(Optional<Alert.Status> status, Optional<String> patientReference, int limit) {
        String where = status.map(s -> " status = :status").orElse("")
                + patientReference.map(p -> (status.isPresent() ? " and" : "") + " patient_reference = :patient")
                .orElse("");
        JdbcClient.StatementSpec query = jdbc.sql("select * from alert" + (where.isEmpty() ? "" : " where" + where)
                + " order by measured_at desc, id desc limit :limit").param("limit", limit);
        if (status.isPresent()) {
            query = query.param("status", status.get().name());
        }
        if (patientReference.isPresent()) {
            query = query.param("patient", patientReference.get());
        }
        return query.query(AlertStore::read).list();
    }

    long countOpen() {
        return jdbc.sql("select count(*) from alert where status = 'OPEN'").query(Long.class).single();
    }

    void insert(Alert alert) {
        jdbc.sql("""
                        insert into alert (flag_id, observation_id, withings_user_id, patient_reference, interpretation,
                        reading, measured_at, raised_at, status, version)
                        values (:flag, :observation, :user, :patient, :interpretation, :reading, :measured, :raised,
                        :status, :version)""")
                .param("flag", alert.flagId()).param("observation", alert.observationId())
                .param("user", alert.withingsUserId()).param("patient", alert.patientReference())
                .param("interpretation", alert.interpretation()).param("reading", alert.reading())
                .param("measured", Timestamp.from(alert.measuredAt())).param("raised", Timestamp.from(alert.raisedAt()))
                .param("status", alert.status().name()).param("version", alert.version())
                .update();
    }

    /** The alert's state as the reading now says; the acknowledgement stays on record. */
    void update(Alert alert) {
        jdbc.sql("""
                        update alert set interpretation = :interpretation, reading = :reading, measured_at = :measured,
                        status = :status, withdrawn_because = :because, withdrawn_at = :withdrawn, version = :version
                        where id = :id""")
                .param("interpretation", alert.interpretation()).param("reading", alert.reading())
                .param("measured", Timestamp.from(alert.measuredAt())).param("status", alert.status().name())
                .param("because", alert.withdrawnBecause().orElse(null))
                .param("withdrawn", alert.withdrawnAt().map(Timestamp::from).orElse(null))
                .param("version", alert.version()).param("id", alert.id())
                .update();
    }

    /** @return whether it was open, and is now acknowledged */
    boolean acknowledge(long id, String by, Instant at) {
        return jdbc.sql("""
                        update alert set status = 'ACKNOWLEDGED', acknowledged_by = :by, acknowledged_at = :at,
                        version = version + 1 where id = :id and status = 'OPEN'""")
                .param("by", by).param("at", Timestamp.from(at)).param("id", id).update() == 1;
    }

    int deleteOf(String withingsUserId) {
        return jdbc.sql("delete from alert where withings_user_id = :user").param("user", withingsUserId).update();
    }

    private static Alert read(ResultSet row, int number) throws SQLException {
        return new Alert(row.getLong("id"), row.getString("flag_id"), row.getString("observation_id"),
                row.getString("withings_user_id"), row.getString("patient_reference"), row.getString("interpretation"),
                row.getString("reading"), instant(row, "measured_at").orElseThrow(),
                instant(row, "raised_at").orElseThrow(), Alert.Status.valueOf(row.getString("status")),
                Optional.ofNullable(row.getString("acknowledged_by")), instant(row, "acknowledged_at"),
                Optional.ofNullable(row.getString("withdrawn_because")), instant(row, "withdrawn_at"),
                row.getInt("version"));
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return Optional.ofNullable(value).map(Timestamp::toInstant);
    }
}
