package org.iomtbridge.bridge.tokens;

import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.RefreshToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The users' tokens at rest: sealed by the {@link KeyRing}, never stored or logged in plaintext. */
@Repository
public class TokenStore {

    /** A user's tokens, opened. {@link #toString()} shows no token. */
    public record Tokens(AccessToken accessToken, RefreshToken refreshToken, Instant accessExpiresAt) {
    }

    private final JdbcClient jdbc;
    private final KeyRing keys;

    public TokenStore(JdbcClient jdbc, KeyRing keys) {
        this.jdbc = jdbc;
        this.keys = keys;
    }

    /** Stores the user's tokens, replacing the previous ones. */
    public void save(String withingsUserId, Tokens tokens, Instant now) {
        byte[] access = keys.seal(tokens.accessToken().value(), withingsUserId, TokenVault.Column.ACCESS_TOKEN);
        byte[] refresh = keys.seal(tokens.refreshToken().value(), withingsUserId, TokenVault.Column.REFRESH_TOKEN);
        int updated = jdbc.sql("""
                        update token_vault set access_token_ciphertext = :access, refresh_token_ciphertext = :refresh,
                        access_expires_at = :expires, updated_at = :now where withings_user_id = :user""")
                .param("access", access).param("refresh", refresh)
                .param("expires", Timestamp.from(tokens.accessExpiresAt())).param("now", Timestamp.from(now))
                .param("user", withingsUserId).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into token_vault (withings_user_id, access_token_ciphertext, refresh_token_ciphertext,
                            access_expires_at, updated_at) values (:user, :access, :refresh, :expires, :now)""")
                    .param("user", withingsUserId).param("access", access).param("refresh", refresh)
                    .param("expires", Timestamp.from(tokens.accessExpiresAt())).param("now", Timestamp.from(now))
                    .update();
        }
    }

    public Optional<Tokens> load(String withingsUserId) {
        return jdbc.sql("select access_token_ciphertext, refresh_token_ciphertext, access_expires_at from token_vault"
                        + " where withings_user_id = :user")
                .param("user", withingsUserId)
                .query((row, number) -> new Tokens(
                        new AccessToken(keys.open(row.getBytes(1), withingsUserId, TokenVault.Column.ACCESS_TOKEN)),
                        new RefreshToken(keys.open(row.getBytes(2), withingsUserId, TokenVault.Column.REFRESH_TOKEN)),
                        row.getTimestamp(3).toInstant()))
                .optional();
    }

    /** Whether the vault holds tokens of the user, without opening them. */
    public boolean held(String withingsUserId) {
        return jdbc.sql("select count(*) from token_vault where withings_user_id = :user").param("user", withingsUserId)
                .query(Long.class).single() > 0;
    }

    /** Destroys the user's tokens (revocation). */
    public void delete(String withingsUserId) {
        jdbc.sql("delete from token_vault where withings_user_id = :user").param("user", withingsUserId).update();
    }

    /** What resealing found: the users whose tokens were sealed again, and those whose tokens no longer open. */
    public record Resealed(int users, List<String> unreadable) {
    }

    /**
     * Re-encrypts every stored token with the vault's primary key. Tokens that no longer open (tampered, or sealed
     * with a key that is gone) are left as they are and reported: those users must authorize again.
     */
    @Transactional
    public Resealed resealAll(TokenVault vault) {
        List<String> users = jdbc.sql("select withings_user_id from token_vault").query(String.class).list();
        List<String> unreadable = new java.util.ArrayList<>();
        int resealed = 0;
        for (String user : users) {
            Tokens tokens;
            try {
                tokens = load(user).orElseThrow();
            } catch (VaultException e) {
                unreadable.add(user);
                continue;
            }
            jdbc.sql("""
                            update token_vault set access_token_ciphertext = :access, refresh_token_ciphertext = :refresh
                            where withings_user_id = :user""")
                    .param("access", vault.seal(tokens.accessToken().value(), user, TokenVault.Column.ACCESS_TOKEN))
                    .param("refresh", vault.seal(tokens.refreshToken().value(), user, TokenVault.Column.REFRESH_TOKEN))
                    .param("user", user).update();
            resealed++;
        }
        return new Resealed(resealed, List.copyOf(unreadable));
    }
}
