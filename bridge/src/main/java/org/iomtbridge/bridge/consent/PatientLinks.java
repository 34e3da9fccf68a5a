package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.BridgeProperties;
import org.iomtbridge.bridge.SecretTokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

/** Each patient's own lasting link to their consent, given once they are connected. */
@Repository
public class PatientLinks {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final BridgeProperties properties;

    public PatientLinks(JdbcClient jdbc, Clock clock, BridgeProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** A new link to the Withings user's consent; its token is in the URL only. */
    public String create(String withingsUserId) {
        String token = SecretTokens.newToken();
        jdbc.sql("insert into consent_link (token_hash, withings_user_id, created_at) values (:hash, :user, :now)")
                .param("hash", SecretTokens.hash(token)).param("user", withingsUserId)
                .param("now", Timestamp.from(clock.instant())).update();
        return properties.publicBaseUrl() + "/consent/" + token;
    }

    /** The Withings user a link is for. */
    public Optional<String> user(String token) {
        return jdbc.sql("select withings_user_id from consent_link where token_hash = :hash")
                .param("hash", SecretTokens.hash(token)).query(String.class).optional();
    }
}
