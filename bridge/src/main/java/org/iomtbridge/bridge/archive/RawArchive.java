package org.iomtbridge.bridge.archive;

import org.iomtbridge.mapping.fhir.ResourceIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The raw Withings answers a sync used, kept as received. They hold health data but no token. */
@Repository
public class RawArchive {

    /** An archived answer: its row and the SHA-256 of its body. */
    public record Archived(long id, String sha256) {
    }

    /** An archived answer with what it answered, for mapping again; {@code sha256} is the body's, as archived. */
    public record Stored(long id, String withingsUserId, String call, String body, String sha256) {
    }

    private final JdbcClient jdbc;

    public RawArchive(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Archived keep(String withingsUserId, String call, String body, Instant receivedAt) {
        String sha256 = ResourceIds.sha256(body.getBytes(StandardCharsets.UTF_8));
        jdbc.sql("""
                        insert into raw_response (withings_user_id, call_name, sha256, body, received_at)
                        values (:user, :call, :sha, :body, :received)""")
                .param("user", withingsUserId).param("call", call).param("sha", sha256).param("body", body)
                .param("received", Timestamp.from(receivedAt)).update();
        long id = jdbc.sql("select max(id) from raw_response where withings_user_id = :user and sha256 = :sha")
                .param("user", withingsUserId).param("sha", sha256).query(Long.class).single();
        return new Archived(id, sha256);
    }

    /** The answers of these rows, in the order they were received. */
    public List<Stored> load(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id, withings_user_id, call_name, body, sha256 from raw_response where id in (:ids) order by id")
                .param("ids", ids).query(RawArchive::stored).list();
    }

    /** Which answer of which call: an archived answer without its body. */
    public record Entry(long id, String call) {
    }

    /** A user's answers received in the window, oldest first, without their bodies. */
    public List<Entry> between(String withingsUserId, Instant from, Instant to) {
        return jdbc.sql("""
                        select id, call_name from raw_response where withings_user_id = :user and received_at >= :from
                        and received_at < :to order by id""")
                .param("user", withingsUserId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((row, number) -> new Entry(row.getLong(1), row.getString(2))).list();
    }

    /** Answers of every user archived after {@code since}. */
    public long receivedAfter(Instant since) {
        return jdbc.sql("select count(*) from raw_response where received_at > :since")
                .param("since", Timestamp.from(since)).query(Long.class).single();
    }

    private static Stored stored(ResultSet row, int number) throws SQLException {
        return new Stored(row.getLong(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5));
    }
}
