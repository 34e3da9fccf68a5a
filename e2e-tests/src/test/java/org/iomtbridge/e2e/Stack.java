package org.iomtbridge.e2e;

import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.ModuleProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The whole system as processes from their executable jars, wired as {@code ./iomt-bridge demo} wires them: the
 * Withings emulator, the FHIR server and one or more bridges. On H2 each keeps its data in files; on PostgreSQL the
 * FHIR server and the bridges get a new database each (the bridges share theirs, as instances do). Behind a TLS proxy
 * (nginx, {@link #behindTlsProxy}) patients, Withings and the care team reach the bridges at its {@code https://} origin.
 */
final class Stack implements Deployment, AutoCloseable {

    enum Database { H2, POSTGRES }

    static final String CLIENT_ID = "e2e-client";
    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    /** The data folder of the FHIR server and of each bridge, inside the folder {@link ModuleProcess} gives it. */
    static final String DATA = "data";

    private final ModuleProcess emulator;
    private final ModuleProcess fhirServer;
    private final List<ModuleProcess> bridges = new ArrayList<>();
    /** The bridges' arguments but their settings, which {@link #restartBridge} changes. */
    private final List<String> bridgeArguments;
    private List<String> bridgeSettings;
    private final Map<String, String> bridgeEnvironment;
    private final String apiKey;
    private final String dashboardPassword;
    private final String webhookSecret;
    private final String bridgeDatabase;
    private final List<String> databases;
    private final TlsProxy.Certificate certificate;
    private String publicBaseUrl;
    private TlsProxy proxy;

    private Stack(ModuleProcess emulator, ModuleProcess fhirServer, List<String> bridgeArguments,
                  List<String> bridgeSettings, Map<String, String> bridgeEnvironment, String apiKey, String bridgeDatabase, List<String> databases,
                  TlsProxy.Certificate certificate) {
        this.webhookSecret = bridgeEnvironment.get("IOMT_WEBHOOK_SECRET");
        this.dashboardPassword = bridgeEnvironment.get("IOMT_DASHBOARD_ADMIN_PASSWORD");
        this.emulator = emulator;
        this.fhirServer = fhirServer;
        this.bridgeArguments = bridgeArguments;
        this.bridgeSettings = bridgeSettings;
        this.bridgeEnvironment = bridgeEnvironment;
        this.apiKey = apiKey;
        this.bridgeDatabase = bridgeDatabase;
        this.databases = databases;
        this.certificate = certificate;
    }

    /**
     * @param rateLimitPerMinute Withings' limit, enforced by the emulator and kept by the bridges
     * @param bridgeSettings     more {@code --name=value} settings of the bridges
     */
    static Stack start(Database database, int rateLimitPerMinute, String... bridgeSettings) {
        return start(database, rateLimitPerMinute, List.of(), bridgeSettings);
    }

    /**
     * @param fhirSettings more {@code --name=value} settings of the FHIR server, such as its authentication
     */
    static Stack start(Database database, int rateLimitPerMinute, List<String> fhirSettings, String... bridgeSettings) {
        Stack stack = launch(database, rateLimitPerMinute, null, null, fhirSettings, bridgeSettings);
        stack.publicBaseUrl = stack.bridge().url("");
        return stack;
    }

    /**
     * The production topology: nginx terminating TLS on 127.0.0.1 in front of {@code instances} bridges on one
     * PostgreSQL database. The bridges' public base URL is nginx's {@code https://} origin and they trust the
     * {@code X-Forwarded-*} headers of proxies on 127.0.0.1; the emulator trusts nginx's self-signed certificate, to
     * post notifications to it, and accepts redirect URIs on that origin.
     */
    static Stack behindTlsProxy(int instances, int rateLimitPerMinute, String... bridgeSettings) {
        Path prefix;
        try {
            prefix = Files.createTempDirectory(Path.of("target"), "nginx-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TlsProxy.Certificate certificate = TlsProxy.Certificate.selfSigned(prefix);
        int port = ModuleProcess.freePort();
        String origin = "https://127.0.0.1:" + port;
        List<String> settings = new ArrayList<>(List.of(bridgeSettings));
        settings.add("--server.forward-headers-strategy=native");
        Stack stack = launch(Database.POSTGRES, rateLimitPerMinute, origin, certificate, List.of(),
                settings.toArray(String[]::new));
        try {
            stack.publicBaseUrl = origin;
            for (int instance = 1; instance < instances; instance++) {
                stack.startAnotherBridge();
            }
            stack.proxy = TlsProxy.start(prefix, certificate, port,
                    stack.bridges.stream().map(bridge -> bridge.url("")).toList());
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private static Stack launch(Database database, int rateLimitPerMinute, String publicOrigin,
                                TlsProxy.Certificate certificate, List<String> fhirSettings,
                                String... bridgeSettings) {
        String clientSecret = random();
        String apiKey = "iomt_" + random();
        List<String> databases = new ArrayList<>();
        // The three start together: on two cores that takes about as long as the slowest alone.
        List<String> emulatorArguments = new ArrayList<>(List.of("--emulator.client.id=" + CLIENT_ID,
                "--emulator.client.secret=" + clientSecret, "--emulator.users=0",
                "--emulator.rate-limit-per-minute=" + rateLimitPerMinute, "--emulator.data-dir={data}"));
        Map<String, String> emulatorEnvironment = Map.of();
        if (publicOrigin != null) {
            emulatorArguments.add("--emulator.client.redirect-uri-prefixes=" + publicOrigin + "/");
            // Withings' callback check and notifications now pass a TLS handshake and nginx: on a busy machine the
            // first ones outlast the 2 seconds Withings allows, and a failed check leaves that category unsubscribed.
            emulatorArguments.add("--emulator.notification-timeout=10s");
            emulatorEnvironment = Map.of("JAVA_TOOL_OPTIONS", certificate.javaToolOptions());
        }
        ModuleProcess emulator = ModuleProcess.launch("withings-emulator", "/_emulator/users", emulatorEnvironment,
                emulatorArguments.toArray(String[]::new));
        // Each data folder is one the process makes itself (its parent holds the harness's log), as in production.
        List<String> fhirArguments = new ArrayList<>(List.of("--fhir-server.data-dir={data}/" + DATA));
        Path shared;
        try {
            shared = Files.createTempDirectory(Path.of("target"), "bridges-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> bridgeArguments = new ArrayList<>(List.of("--iomt.data-dir={data}/" + DATA,
                "--iomt.withings.endpoints=" + emulator.url(""), "--iomt.withings.client-id=" + CLIENT_ID,
                "--iomt.withings.rate-limit-per-minute=" + rateLimitPerMinute,
                // Instances share one keyset, as they would share a key management service.
                "--iomt.vault.keyset-file=" + shared.toAbsolutePath().resolve("token-keyset.json"),
                "--iomt.vault.create-if-missing=true"));
        String bridgeDatabase = null;
        if (database == Database.POSTGRES) {
            String fhirDatabase = newPostgresDatabase("e2e_fhir");
            bridgeDatabase = newPostgresDatabase("e2e_bridge");
            databases.addAll(List.of(fhirDatabase, bridgeDatabase));
            fhirArguments.addAll(List.of("--spring.datasource.url=" + POSTGRES + fhirDatabase,
                    "--spring.datasource.username=postgres", "--spring.datasource.password="));
            bridgeArguments.addAll(List.of("--spring.datasource.url=" + POSTGRES + bridgeDatabase,
                    "--spring.datasource.username=postgres", "--spring.datasource.password="));
        }
        fhirArguments.addAll(fhirSettings);
        ModuleProcess fhirServer = ModuleProcess.launch("fhir-server", "/fhir/metadata", Map.of(),
                fhirArguments.toArray(String[]::new));
        bridgeArguments.add("--iomt.fhir.base-url=" + fhirServer.url("/fhir"));
        Map<String, String> environment = Map.of(
                "IOMT_WITHINGS_CLIENT_SECRET", clientSecret,
                "IOMT_WEBHOOK_SECRET", random(),
                "IOMT_ADMIN_INITIAL_KEY_HASH", sha256(apiKey),
                "IOMT_DASHBOARD_ADMIN_PASSWORD", random());
        Stack stack = new Stack(emulator, fhirServer, bridgeArguments, List.of(bridgeSettings), environment, apiKey,
                bridgeDatabase, databases, certificate);
        ModuleProcess bridge = stack.launchBridge("--iomt.public-base-url="
                + (publicOrigin == null ? "http://127.0.0.1:{port}" : publicOrigin));
        try {
            emulator.awaitReady();
            fhirServer.awaitReady();
            bridge.awaitReady();
        } catch (RuntimeException e) {
            // A stack that did not start is stopped here: the test class that asked for it never gets it to close.
            stack.close();
            throw e;
        }
        return stack;
    }

    private static Stack sharedOnH2;

    /**
     * One stack on H2 for the test classes of this JVM that run on the same settings, started by the first that asks
     * and stopped when the JVM exits: each of them works with patients of its own.
     */
    static synchronized Stack sharedOnH2(int rateLimitPerMinute, String... bridgeSettings) {
        if (sharedOnH2 == null) {
            Stack started = start(Database.H2, rateLimitPerMinute, bridgeSettings);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            sharedOnH2 = started;
        }
        return sharedOnH2;
    }

    /** Another bridge instance on the same database, behind the same public URL as the first (several instances). */
    ModuleProcess startAnotherBridge() {
        if (bridgeDatabase == null) {
            throw new IllegalStateException("instances share a PostgreSQL database; an H2 bridge runs alone");
        }
        return launchBridge("--iomt.public-base-url=" + publicBaseUrl).awaitReady();
    }

    private ModuleProcess launchBridge(String publicUrl) {
        ModuleProcess bridge = ModuleProcess.launch("bridge", "/actuator/health", bridgeEnvironment,
                bridgeArguments(publicUrl));
        bridges.add(bridge);
        return bridge;
    }

    private String[] bridgeArguments(String publicUrl) {
        List<String> arguments = new ArrayList<>(bridgeArguments);
        arguments.addAll(bridgeSettings);
        arguments.add(publicUrl);
        return arguments.toArray(String[]::new);
    }

    /**
     * The first bridge stopped and started again on its port and data (database, keys), with these settings instead
     * of those it had, as an operator changes its configuration. Ready once alive: whether it is ready to work is what
     * a caller may want to see.
     */
    ModuleProcess restartBridge(String... settings) {
        bridgeSettings = List.of(settings);
        ModuleProcess restarted = bridge().restartWith("/actuator/health/liveness",
                bridgeArguments("--iomt.public-base-url=" + publicBaseUrl)).awaitReady();
        bridges.set(0, restarted);
        return restarted;
    }

    @Override
    public String emulatorUrl() {
        return emulator.url("");
    }

    String fhirBaseUrl() {
        return fhirServer.url("/fhir");
    }

    ModuleProcess fhirServer() {
        return fhirServer;
    }

    /** The first bridge: the one Withings and patients reach. */
    ModuleProcess bridge() {
        return bridges.get(0);
    }

    List<ModuleProcess> bridges() {
        return List.copyOf(bridges);
    }

    String bridgeUrl(String path) {
        return bridge().url(path);
    }

    /** Where Withings posts notifications. */
    String webhookUrl() {
        return bridgeUrl("/webhooks/withings/" + webhookSecret);
    }

    /** Where patients, Withings and the care team reach the bridges: nginx's origin behind a proxy, else the first. */
    @Override
    public String publicUrl(String path) {
        return publicBaseUrl + path;
    }

    /** The webhook at the public origin, as the bridges register it at Withings. */
    String publicWebhookUrl() {
        return publicUrl("/webhooks/withings/" + webhookSecret);
    }

    /** A browser of its own that keeps cookies, and trusts the stack's TLS proxy. */
    @Override
    public Browser browser(String userAgent) {
        HttpClient.Builder client = HttpClient.newBuilder().cookieHandler(new CookieManager());
        if (certificate != null) {
            client.sslContext(certificate.sslContext());
        }
        return new Browser(userAgent, client);
    }

    /** The TLS proxy in front of the bridges ({@link #behindTlsProxy} only). */
    TlsProxy proxy() {
        return proxy;
    }

    /** The JDBC URL of the bridges' PostgreSQL database. */
    String bridgeDatabaseUrl() {
        return POSTGRES + bridgeDatabase;
    }

    /** The admin API key the bridges were started with (only its hash was handed over). */
    @Override
    public String apiKey() {
        return apiKey;
    }

    /** The password of the dashboard's {@code admin}. */
    String dashboardPassword() {
        return dashboardPassword;
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
        bridges.forEach(ModuleProcess::close);
        fhirServer.close();
        emulator.close();
        for (String database : databases) {
            postgres("drop database if exists " + database + " with (force)");
        }
    }

    /** A new database on the local PostgreSQL server; dropped when the caller drops it. */
    static String newPostgresDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        postgres("create database " + name);
        return name;
    }

    static void postgres(String sql) {
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
