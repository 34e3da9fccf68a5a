package org.iomtbridge.bridge.archive;

import org.iomtbridge.bridge.shared.Sha256;
import org.iomtbridge.withings.Answer;
import org.iomtbridge.withings.WithingsCall;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The raw Withings answers a sync used, kept as received with what they answer: the call and its parameters. They
 * hold health data but no token.
 */
@Repository
public class RawArchive {

    /** An archived answer: its row and the SHA-256 of its body. */
    public record Archived(long id, String sha256) {
    }

    /**
     * An archived answer, for mapping again; {@code sha256} is the body's, as archived. An answer archived before its
     * parameters were kept has none.
     */
    public record Stored(long id, String withingsUserId, Answer answer, String sha256) {
    }

    private final JdbcClient jdbc;

    public RawArchive(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Archived keep(String withingsUserId, Answer answer, Instant receivedAt) {
        String sha256 = Sha256.hex(answer.body());
        jdbc.sql("""
                        insert into raw_response (withings_user_id, call_name, call_parameters, sha256, body, received_at)
                        values (:user, :call, :parameters, :sha, :body, :received)""")
                .param("user", withingsUserId).param("call", answer.call().toString())
                .param("parameters", encoded(answer.parameters())).param("sha", sha256).param("body", answer.body())
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
        return jdbc.sql("""
                        select id, withings_user_id, call_name, call_parameters, body, sha256 from raw_response
                        where id in (:ids) order by id""")
                .param("ids", ids).query(RawArchive::stored).list();
    }

    /** Which answer of which call: an archived answer without its body. */
    public record Entry(long id, WithingsCall call) {
    }

    /** A user's answers received in the window, oldest first, without their bodies. */
    public List<Entry> between(String withingsUserId, Instant from, Instant to) {
        return jdbc.sql("""
                        select id, call_name from raw_response where withings_user_id = :user and received_at >= :from
                        and received_at < :to order by id""")
                .param("user", withingsUserId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
                .query((row, number) -> new Entry(row.getLong(1), call(row.getLong(1), row.getString(2)))).list();
    }

    /** Answers of every user archived after {@code since}. */
    public long receivedAfter(Instant since) {
        return jdbc.sql("select count(*) from raw_response where received_at > :since")
                .param("since", Timestamp.from(since)).query(Long.class).single();
    }

    private static Stored stored(ResultSet row, int number) throws SQLException {
        Answer answer = new Answer(call(row.getLong(1), row.getString(3)), decoded(row.getString(4)), row.getString(5));
        return new Stored(row.getLong(1), row.getString(2), answer, row.getString(6));
    }

    /** Every archived name is one the client gave: a name of no call is a damaged row, not an answer to skip. */
    private static WithingsCall call(long id, String name) {
        return WithingsCall.named(name).orElseThrow(() -> new IllegalStateException("raw_response " + id
                + " names the call '" + name + "', which is no Withings call the bridge makes"));
    }

    private static String encoded(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(parameter -> encode(parameter.getKey()) + "=" + encode(parameter.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> decoded(String form) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (form == null || form.isEmpty()) {
            return parameters;
        }
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
        }
        return parameters;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
