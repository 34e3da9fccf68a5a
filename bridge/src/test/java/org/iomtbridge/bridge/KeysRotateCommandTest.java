package org.iomtbridge.bridge;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.RefreshToken;
import org.iomtbridge.withings.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./iomt-bridge keys rotate} on the bridge's own database and keyset file, without serving. */
class KeysRotateCommandTest {

    @TempDir
    Path directory;

    @Test
    void rotationAddsAPrimaryKeyAndTheStoredTokensStillOpen() throws Exception {
        String[] settings = {
                "--spring.datasource.url=jdbc:h2:file:" + directory.resolve("bridge")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--iomt.vault.keyset-file=" + directory.resolve("keyset.json"),
                "--iomt.vault.create-if-missing=true"};
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        try (ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class)
                .web(WebApplicationType.NONE)
                .properties("db-scheduler.enabled=false", "iomt.webhook.secret=test-webhook-secret-0123456789")
                .run(settings)) {
            bridge.getBean(AccountStore.class).link("8001", "Patient/k", Scope.parse("user.metrics"), now);
            bridge.getBean(TokenStore.class).save("8001", new TokenStore.Tokens(new AccessToken("access-8001"),
                    new RefreshToken("refresh-8001"), now.plusSeconds(10800)), now);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = BridgeApplication.rotateKeys(settings, new PrintStream(out, true));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 keys in the keyset, 1 users' tokens sealed");
        assertThat(TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(directory.resolve("keyset.json")),
                InsecureSecretKeyAccess.get()).size()).isEqualTo(2);
        try (ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class)
                .web(WebApplicationType.NONE)
                .properties("db-scheduler.enabled=false", "iomt.webhook.secret=test-webhook-secret-0123456789")
                .run(settings)) {
            assertThat(bridge.getBean(TokenStore.class).load("8001").orElseThrow().refreshToken().value())
                    .isEqualTo("refresh-8001");
        }
    }
}
