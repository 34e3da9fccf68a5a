package org.iomtbridge.bridge.admin;

import org.iomtbridge.bridge.BridgeProperties;
import org.iomtbridge.bridge.SecretTokens;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;

/** Admin API keys, kept only as their SHA-256. The embedded default creates one on its first start and shows it once. */
@Service
public class ApiKeys {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean bootstrap;
    private final String initialKeyHash;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(JdbcClient jdbc, Clock clock, BridgeProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.bootstrap = properties.admin().bootstrapKey();
        this.initialKeyHash = properties.admin().initialKeyHash();
    }

    /** A new key; the caller shows it once, the bridge never again. */
    public String create(String label) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String key = "iomt_" + HexFormat.of().formatHex(bytes);
        jdbc.sql("insert into api_key (key_hash, label, created_at) values (:hash, :label, :now)")
                .param("hash", SecretTokens.hash(key)).param("label", label).param("now", Timestamp.from(clock.instant())).update();
        return key;
    }

    public boolean valid(String key) {
        return key != null && !key.isBlank() && jdbc.sql("select count(*) from api_key where key_hash = :hash")
                .param("hash", SecretTokens.hash(key.trim())).query(Long.class).single() > 0;
    }

    @EventListener(ApplicationReadyEvent.class)
    void bootstrapOnFirstStart() {
        if (initialKeyHash != null && initialKeyHash.matches("[0-9a-f]{64}") && jdbc.sql(
                "select count(*) from api_key where key_hash = :hash").param("hash", initialKeyHash)
                .query(Long.class).single() == 0) {
            jdbc.sql("insert into api_key (key_hash, label, created_at) values (:hash, 'initial', :now)")
                    .param("hash", initialKeyHash).param("now", Timestamp.from(clock.instant())).update();
        }
        if (bootstrap && jdbc.sql("select count(*) from api_key").query(Long.class).single() == 0) {
            String key = create("bootstrap");
            // Shown on the console once, not logged: the bridge keeps only its hash.
            System.out.println("""

                    ================================================================================
                     Admin API key (shown once, only its hash is kept):
                       %s
                     Use it as:  Authorization: Bearer <key>   on /api/v1/...
                    ================================================================================
                    """.formatted(key));
        }
    }
}
