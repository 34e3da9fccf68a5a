package org.iomtbridge.bridge;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * The bridge as a running web application on a random port, with its metrics exported as in production. Subclasses pick the database: an H2 of their own, or a
 * fresh database on the PostgreSQL server at 127.0.0.1:5432; the same tests run on both.
 */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "iomt.webhook.secret=test-webhook-secret-0123456789",
        "iomt.vault.create-if-missing=true",
        // The tests of one JVM share one emulator, which allows as much (SharedServers).
        "iomt.withings.rate-limit-per-minute=100000"})
public abstract class BridgeTest {

    protected static final String WEBHOOK_SECRET = "test-webhook-secret-0123456789";

    /** An in-memory H2 in PostgreSQL mode, as the embedded default uses on file. */
    protected static void useH2(DynamicPropertyRegistry registry) {
        String name = "bridge_" + UUID.randomUUID().toString().replace("-", "");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        keyset(registry);
    }

    /** A new database on the local PostgreSQL server, created for this test class. */
    protected static void usePostgres(DynamicPropertyRegistry registry) {
        String database = "bridge_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("create database " + database);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL must run on 127.0.0.1:5432 (bash .ci/run starts it)", e);
        }
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:5432/" + database);
        registry.add("spring.datasource.username", () -> "postgres");
        keyset(registry);
    }

    private static void keyset(DynamicPropertyRegistry registry) {
        try {
            Path directory = Files.createTempDirectory("bridge-vault-");
            registry.add("iomt.vault.keyset-file", () -> directory.resolve("keyset.json").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
