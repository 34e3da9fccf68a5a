package org.iomtbridge.e2e;

import org.iomtbridge.bridge.support.ModuleProcess;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The whole system as three processes from their executable jars, wired as {@code ./iomt-bridge demo} wires them:
 * the Withings emulator, the FHIR server and the bridge. On H2 each keeps its data in files; on PostgreSQL the FHIR
 * server and the bridge each get a new database on 127.0.0.1:5432.
 */
final class Stack implements AutoCloseable {

    enum Database { H2, POSTGRES }

    static final String CLIENT_ID = "e2e-client";
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

    private final ModuleProcess emulator;
    private final ModuleProcess fhirServer;
    private final ModuleProcess bridge;
    private final String apiKey;
    private final List<String> databases;

    private Stack(ModuleProcess emulator, ModuleProcess fhirServer, ModuleProcess bridge, String apiKey,
                  List<String> databases) {
        this.emulator = emulator;
        this.fhirServer = fhirServer;
        this.bridge = bridge;
        this.apiKey = apiKey;
        this.databases = databases;
    }

    /**
     * @param bridgeSettings more {@code --name=value} settings of the bridge
     */
    static Stack start(Database database, String... bridgeSettings) {
        String clientSecret = random();
        String apiKey = "iomt_" + random();
        List<String> databases = new ArrayList<>();
        ModuleProcess emulator = ModuleProcess.start("withings-emulator", "/_emulator/users",
                "--emulator.client.id=" + CLIENT_ID, "--emulator.client.secret=" + clientSecret, "--emulator.users=0",
                "--emulator.data-dir={data}");
        List<String> fhirArguments = new ArrayList<>(List.of("--fhir-server.data-dir={data}"));
        List<String> bridgeArguments = new ArrayList<>(List.of("--iomt.data-dir={data}",
                "--iomt.public-base-url=http://127.0.0.1:{port}",
                "--iomt.withings.endpoints=" + emulator.url(""), "--iomt.withings.client-id=" + CLIENT_ID,
                "--iomt.vault.create-if-missing=true"));
        if (database == Database.POSTGRES) {
            String fhirDatabase = newPostgresDatabase("e2e_fhir");
            String bridgeDatabase = newPostgresDatabase("e2e_bridge");
            databases.addAll(List.of(fhirDatabase, bridgeDatabase));
            fhirArguments.addAll(List.of("--spring.datasource.url=" + POSTGRES + fhirDatabase,
                    "--spring.datasource.username=postgres", "--spring.datasource.password="));
            bridgeArguments.addAll(List.of("--spring.datasource.url=" + POSTGRES + bridgeDatabase,
                    "--spring.datasource.username=postgres", "--spring.datasource.password="));
        }
        ModuleProcess fhirServer = ModuleProcess.start("fhir-server", "/fhir/metadata",
                fhirArguments.toArray(String[]::new));
        bridgeArguments.add("--iomt.fhir.base-url=" + fhirServer.url("/fhir"));
        bridgeArguments.addAll(List.of(bridgeSettings));
        ModuleProcess bridge = ModuleProcess.start("bridge", "/actuator/health", Map.of(
                        "IOMT_WITHINGS_CLIENT_SECRET", clientSecret,
                        "IOMT_WEBHOOK_SECRET", random(),
                        "IOMT_ADMIN_INITIAL_KEY_HASH", sha256(apiKey)),
                bridgeArguments.toArray(String[]::new));
        return new Stack(emulator, fhirServer, bridge, apiKey, databases);
    }

    String emulatorUrl() {
        return emulator.url("");
    }

    String fhirBaseUrl() {
        return fhirServer.url("/fhir");
    }

    String bridgeUrl(String path) {
        return bridge.url(path);
    }

    /** The admin API key the bridge was started with (only its hash was handed over). */
    String apiKey() {
        return apiKey;
    }

    /** The logs to read when a step fails. */
    String logs() {
        return "logs: " + emulator.log() + ", " + fhirServer.log() + ", " + bridge.log();
    }

    @Override
    public void close() {
        bridge.close();
        fhirServer.close();
        emulator.close();
        for (String database : databases) {
            postgres("drop database if exists " + database + " with (force)");
        }
    }

    private static String newPostgresDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        postgres("create database " + name);
        return name;
    }

    private static void postgres(String sql) {
        try (Connection admin = DriverManager.getConnection(POSTGRES + "test", "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL must run on 127.0.0.1:5432 (bash .ci/run starts it): " + sql, e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
