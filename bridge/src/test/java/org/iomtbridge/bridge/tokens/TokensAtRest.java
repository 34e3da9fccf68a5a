package org.iomtbridge.bridge.tokens;

import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.RefreshToken;
import org.iomtbridge.withings.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens in the database: sealed, bound to their row, resealed by key rotation. */
abstract class TokensAtRest extends BridgeTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Autowired
    TokenStore tokens;
    @Autowired
    AccountStore accounts;
    @Autowired
    KeyRotation rotation;
    @Autowired
    JdbcClient jdbc;

    @Test
    void noTokenIsInTheDatabaseInPlaintext() {
        store("2001", "access-plain-2001", "refresh-plain-2001");

        for (Map<String, Object> row : jdbc.sql("select * from token_vault").query().listOfRows()) {
            for (Object value : row.values()) {
                String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                        : String.valueOf(value);
                assertThat(text).doesNotContain("access-plain").doesNotContain("refresh-plain");
            }
        }
        TokenStore.Tokens loaded = tokens.load("2001").orElseThrow();
        assertThat(loaded.accessToken().value()).isEqualTo("access-plain-2001");
        assertThat(loaded.refreshToken().value()).isEqualTo("refresh-plain-2001");
        assertThat(loaded.toString()).doesNotContain("plain");
    }

    @Test
    void aCiphertextCopiedToAnotherUsersRowDoesNotOpen() {
        store("3001", "access-3001", "refresh-3001");
        store("3002", "access-3002", "refresh-3002");

        jdbc.sql("update token_vault set access_token_ciphertext = (select access_token_ciphertext from token_vault"
                + " where withings_user_id = '3001') where withings_user_id = '3002'").update();

        assertThatThrownBy(() -> tokens.load("3002"))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("Withings user 3002")
                .hasMessageNotContaining("access-3001");
        assertThat(tokens.load("3001").orElseThrow().accessToken().value()).isEqualTo("access-3001");
        assertThat(rotation.rotate().unreadableUsers()).as("rotation reports, and does not stop at, a row that does not open")
                .contains("3002").doesNotContain("3001");
    }

    @Test
    void rotatingTheKeysResealsEveryTokenWithTheNewKey() {
        store("4001", "access-4001", "refresh-4001");
        store("4002", "access-4002", "refresh-4002");
        List<byte[]> before = ciphertexts();

        KeyRotation.Result result = rotation.rotate();

        assertThat(result.keysInKeyset()).isGreaterThanOrEqualTo(2);
        assertThat(result.usersResealed()).isGreaterThanOrEqualTo(2);
        assertThat(result.unreadableUsers()).doesNotContain("4001", "4002");
        List<byte[]> after = ciphertexts();
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).isNotEqualTo(before.get(i));
        }
        assertThat(tokens.load("4002").orElseThrow().refreshToken().value()).isEqualTo("refresh-4002");
    }

    private void store(String user, String access, String refresh) {
        accounts.link(user, "Patient/p" + user, Scope.parse("user.info,user.metrics"), NOW);
        tokens.save(user, new TokenStore.Tokens(new AccessToken(access), new RefreshToken(refresh), NOW.plusSeconds(10800)),
                NOW);
    }

    private List<byte[]> ciphertexts() {
        return jdbc.sql("select access_token_ciphertext from token_vault where withings_user_id in ('4001', '4002')"
                        + " order by withings_user_id")
                .query((row, number) -> row.getBytes(1)).list();
    }
}
