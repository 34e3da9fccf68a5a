package org.iomtbridge.bridge.admin;

import org.iomtbridge.bridge.shared.SecretTokens;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Admin API keys, each with its roles, kept only as their SHA-256. The embedded default creates one on its first
 * start and shows it once; that key and the initial one ({@code iomt.admin.initial-key-hash}) have every role.
 */
@Service
public class ApiKeys {

    private static final int MAX_LABEL = 64;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditTrail audit;
    private final boolean bootstrap;
    private final String initialKeyHash;
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(JdbcClient jdbc, Clock clock, AuditTrail audit, AdminProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.bootstrap = properties.admin().bootstrapKey();
        this.initialKeyHash = properties.admin().initialKeyHash();
    }

    /** A key as listed: never the key, nor its hash. */
    public record ApiKey(long id, String label, Set<Role> roles, Instant createdAt) {
    }

    /** A new key and its listing; the caller shows the key once, the bridge never again. */
    public record NewKey(String key, ApiKey listing) {
    }

    /** The caller a valid key stands for. */
    record Caller(long id, String label, Set<Role> roles) {

        /** As the audit trail names the caller: never the key. */
        String name() {
            return "api-key " + id + " (" + label + ")";
        }
    }

    /**
     * @throws IllegalArgumentException for a missing or overlong label, or no role
     */
    @Transactional
    public NewKey create(String label, Set<Role> roles) {
        if (label == null || label.isBlank() || label.length() > MAX_LABEL || label.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a label is 1 to " + MAX_LABEL + " printable characters");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one role");
        }
        NewKey created = insert(label.trim(), roles);
        audit.record(AuditEntry.of("api-key.created", AuditEntry.Outcome.SUCCESS)
                .detail("key " + created.listing().id() + " (" + created.listing().label() + ") with roles "
                        + Role.format(roles)));
        return created;
    }

    private NewKey insert(String label, Set<Role> roles) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String key = "iomt_" + HexFormat.of().formatHex(bytes);
        Instant now = clock.instant();
        KeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("insert into api_key (key_hash, label, roles, created_at) values (:hash, :label, :roles, :now)")
                .param("hash", SecretTokens.hash(key)).param("label", label).param("roles", Role.format(roles))
                .param("now", Timestamp.from(now)).update(id, "id");
        return new NewKey(key, new ApiKey(id.getKeyAs(Long.class), label, EnumSet.copyOf(roles), now));
    }

    Optional<Caller> caller(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("select id, label, roles from api_key where key_hash = :hash")
                .param("hash", SecretTokens.hash(key.trim()))
                .query((row, number) -> new Caller(row.getLong(1), row.getString(2), Role.parse(row.getString(3))))
                .optional();
    }

    public List<ApiKey> list() {
        return jdbc.sql("select id, label, roles, created_at from api_key order by id")
                .query((row, number) -> new ApiKey(row.getLong(1), row.getString(2), Role.parse(row.getString(3)),
                        row.getTimestamp(4).toInstant()))
                .list();
    }

    /** @return whether there was such a key; from now on it is refused */
    @Transactional
    public boolean revoke(long id) {
        boolean revoked = jdbc.sql("delete from api_key where id = :id").param("id", id).update() == 1;
        if (revoked) {
            audit.record(AuditEntry.of("api-key.revoked", AuditEntry.Outcome.SUCCESS).detail("key " + id));
        }
        return revoked;
    }

    @EventListener(ApplicationReadyEvent.class)
    void bootstrapOnFirstStart() {
        String everyRole = Role.format(EnumSet.allOf(Role.class));
        if (initialKeyHash != null && initialKeyHash.matches("[0-9a-f]{64}") && jdbc.sql(
                "select count(*) from api_key where key_hash = :hash").param("hash", initialKeyHash)
                .query(Long.class).single() == 0) {
            jdbc.sql("insert into api_key (key_hash, label, roles, created_at) values (:hash, 'initial', :roles, :now)")
                    .param("hash", initialKeyHash).param("roles", everyRole)
                    .param("now", Timestamp.from(clock.instant())).update();
        }
        if (bootstrap && jdbc.sql("select count(*) from api_key").query(Long.class).single() == 0) {
            String key = insert("bootstrap", EnumSet.allOf(Role.class)).key();
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
