package org.iomtbridge.bridge.archive;

import org.iomtbridge.bridge.withings.DataKind;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Collection;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Work the pipeline could not finish and will not retry by itself: answers Withings gave that could not be mapped,
 * or that the FHIR server refused. One user's dead letter never holds up anyone else's data, nor that user's later
 * data; it waits for an operator to replay it after a fix, or to discard it.
 */
@Repository
public class DeadLetters {

    public enum Status { OPEN, REPLAYED, DISCARDED }

    /**
     * @param rawResponseIds the archived answers it holds, in the order they were received
     * @param attempts       the first failure, plus each failed replay
     */
    public record DeadLetter(long id, String withingsUserId, DataKind kind, List<Long> rawResponseIds, String reason,
                             int attempts, Status status, Instant firstFailedAt, Instant lastFailedAt,
                             Optional<Instant> resolvedAt) {
    }

    private static final int MAX_REASON = 2000;

    private final JdbcClient jdbc;

    public DeadLetters(JdbcClient jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        Gauge.builder("iomt.dead.letters.open", this, letters -> letters.count(Status.OPEN))
                .description("dead letters waiting for an operator").register(meters);
    }

    /**
     * Records a dead letter; the same failure again (same user, kind and reason, still open) — the same answer fetched
     * again by the cursor's overlap — counts as another attempt of the open one.
     */
    public long record(String withingsUserId, DataKind kind, List<Long> rawResponseIds, String reason, Instant at) {
        Optional<Long> same = jdbc.sql("""
                        select id from dead_letter where withings_user_id = :user and data_kind = :kind
                        and reason = :reason and status = 'OPEN'""")
                .param("user", withingsUserId).param("kind", kind.name()).param("reason", truncate(reason))
                .query(Long.class).optional();
        if (same.isPresent()) {
            failedAgain(same.get(), reason, at);
            return same.get();
        }
        String ids = rawResponseIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        jdbc.sql("""
                        insert into dead_letter (withings_user_id, data_kind, raw_response_ids, reason, attempts, status,
                        first_failed_at, last_failed_at) values (:user, :kind, :ids, :reason, 1, 'OPEN', :at, :at)""")
                .param("user", withingsUserId).param("kind", kind.name()).param("ids", ids)
                .param("reason", truncate(reason)).param("at", Timestamp.from(at)).update();
        return jdbc.sql("select max(id) from dead_letter where withings_user_id = :user and data_kind = :kind")
                .param("user", withingsUserId).param("kind", kind.name()).query(Long.class).single();
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.sql(SELECT + " where id = :id").param("id", id).query(DeadLetters::deadLetter).optional();
    }

    /** A page of dead letters with the status, oldest first. */
    public List<DeadLetter> list(Status status, int offset, int limit) {
        return jdbc.sql(SELECT + " where status = :status order by id offset :offset rows fetch next :limit rows only")
                .param("status", status.name()).param("offset", offset).param("limit", limit)
                .query(DeadLetters::deadLetter).list();
    }

    public long count(Status status) {
        return jdbc.sql("select count(*) from dead_letter where status = :status").param("status", status.name())
                .query(Long.class).single();
    }

    /** Resolves an open dead letter; false when it was not open (resolved by someone else meanwhile). */
    public boolean resolve(long id, Status status, Instant at) {
        return jdbc.sql("update dead_letter set status = :status, resolved_at = :at where id = :id and status = 'OPEN'")
                .param("status", status.name()).param("at", Timestamp.from(at)).param("id", id).update() == 1;
    }

    public void failedAgain(long id, String reason, Instant at) {
        jdbc.sql("update dead_letter set attempts = attempts + 1, reason = :reason, last_failed_at = :at where id = :id")
                .param("reason", truncate(reason)).param("at", Timestamp.from(at)).param("id", id).update();
    }

    private static final String SELECT = """
            select id, withings_user_id, data_kind, raw_response_ids, reason, attempts, status, first_failed_at,
            last_failed_at, resolved_at from dead_letter""";

    private static DeadLetter deadLetter(ResultSet row, int number) throws SQLException {
        List<Long> ids = Arrays.stream(row.getString(4).split(",")).filter(id -> !id.isBlank()).map(Long::valueOf)
                .toList();
        Timestamp resolved = row.getTimestamp(10);
        return new DeadLetter(row.getLong(1), row.getString(2), DataKind.valueOf(row.getString(3)), ids,
                row.getString(5), row.getInt(6), Status.valueOf(row.getString(7)), row.getTimestamp(8).toInstant(),
                row.getTimestamp(9).toInstant(), Optional.ofNullable(resolved).map(Timestamp::toInstant));
    }

    /** The open dead letters of each of these users who has any. */
    public Map<String, Long> openByUser(Collection<String> withingsUserIds) {
        if (withingsUserIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                        select withings_user_id, count(*) from dead_letter where status = 'OPEN'
                        and withings_user_id in (:users) group by withings_user_id""")
                .param("users", withingsUserIds)
                .query((row, number) -> Map.entry(row.getString(1), row.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static String truncate(String reason) {
        String text = reason == null ? "unknown" : reason;
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
    }
}
