package org.iomtbridge.bridge.sync;

import org.iomtbridge.mapping.fhir.ResourceIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;

/** The raw Withings answers a sync used, kept as received. They hold health data but no token. */
@Repository
public class RawArchive {

    /** An archived answer: its row and the SHA-256 of its body. */
    public record Archived(long id, String sha256) {
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
}
