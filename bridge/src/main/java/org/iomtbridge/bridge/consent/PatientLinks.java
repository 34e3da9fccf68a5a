package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.web.WebProperties;
import org.iomtbridge.bridge.shared.SecretTokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

/**
 * Each patient's own lasting link to their consent, given once they are connected. The care team can replace a
 * patient's links, for example when one was seen by someone else: the earlier ones then stop working.
 */
@Repository
class PatientLinks {

    /** Whose consent a link opens, and whether it was replaced since. */
    public record Link(String withingsUserId, boolean replaced) {
    }

    /** @param replaced how many earlier links stopped working */
    public record Replacement(String link, int replaced) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final WebProperties web;

    public PatientLinks(JdbcClient jdbc, Clock clock, WebProperties web) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.web = web;
    }

    /** A new link to the Withings user's consent; its token is in the URL only. */
    public String create(String withingsUserId) {
        String token = SecretTokens.newToken();
        jdbc.sql("insert into consent_link (token_hash, withings_user_id, created_at) values (:hash, :user, :now)")
                .param("hash", SecretTokens.hash(token)).param("user", withingsUserId)
                .param("now", Timestamp.from(clock.instant())).update();
        return web.publicBaseUrl() + "/consent/" + token;
    }

    /** Every link of the user stops working, and a new one is made in their place. */
    @Transactional
    public Replacement replace(String withingsUserId) {
        int replaced = jdbc.sql("""
                        update consent_link set replaced_at = :now
                        where withings_user_id = :user and replaced_at is null""")
                .param("now", Timestamp.from(clock.instant())).param("user", withingsUserId).update();
        return new Replacement(create(withingsUserId), replaced);
    }

    /** What a link token opens. */
    public Optional<Link> find(String token) {
        return jdbc.sql("select withings_user_id, replaced_at from consent_link where token_hash = :hash")
                .param("hash", SecretTokens.hash(token))
                .query((row, number) -> new Link(row.getString(1), row.getTimestamp(2) != null)).optional();
    }
}
