package org.iomtbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.iomtbridge.bridge.support.ModuleProcess;
import org.iomtbridge.bridge.support.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge writing to a FHIR server that wants OAuth2 access tokens from a real authorization server (Spring
 * Authorization Server, the test-authorization-server module), all as processes: a patient's journey as a SMART
 * Backend Service (its own signing key, {@code private-key-jwt}) and with a client secret; tokens that expire every
 * few seconds during a backfill; and credentials that do not work — a missing scope, an unreachable token endpoint, a
 * key the authorization server does not know — each holding the work back, saying what to fix, and losing nothing.
 * One bridge, on one database, is restarted with each configuration in turn, as an operator fixes it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FhirServerAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The SMART client's tokens last this long: the writer asks for several new ones within one backfill. */
    private static final Duration SMART_TOKEN_LIFETIME = Duration.ofSeconds(3);
    /** Small batches, so that a week's backfill is many transactions, spread over several token lifetimes. */
    private static final String[] WRITER = {"--iomt.fhir.batch-size=25", "--iomt.fhir.circuit-open-for=3s",
            "--iomt.fhir.max-attempts=2", "--iomt.fhir.first-backoff=100ms"};
    /** A bridge restarts in about 30 s on an idle machine, HAPI's first writes are slow: bounds for a loaded one. */
    private static final Duration SLOW = Duration.ofMinutes(3);

    private static ModuleProcess authorizationServer;
    private static HttpServer registration;
    /** The JWKS registered for the SMART client, as an operator pastes the bridge's at the authorization server. */
    private static volatile byte[] registeredJwks = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
    private static Stack stack;
    private static EmulatorControl withings;
    private static FhirCopy fhir;
    private static Enrolling enrolling;
    private static final Browser OPERATOR = new Browser("e2e operator script");
    /** The patient enrolled while the credentials did not work. */
    private static Enrolling.Connected held;

    @BeforeAll
    static void start() throws Exception {
        registration = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registration.createContext("/jwks.json", exchange -> {
            byte[] body = registeredJwks;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registration.start();
        authorizationServer = ModuleProcess.launch("test-authorization-server",
                "/.well-known/oauth-authorization-server", Map.of(),
                "--test-authorization-server.smart-jwk-set-url=http://127.0.0.1:"
                        + registration.getAddress().getPort() + "/jwks.json",
                "--test-authorization-server.smart-token-lifetime=" + SMART_TOKEN_LIFETIME.toSeconds() + "s",
                "--test-authorization-server.token-lifetime=30m");
        try {
            // The FHIR server fetches the issuer's keys at the first token it checks, so the two start together.
            stack = Stack.start(Stack.Database.POSTGRES, PatientJourneyBehaviour.JOURNEY_RATE_LIMIT,
                    List.of("--fhir-server.auth.type=jwt",
                            "--fhir-server.auth.jwt.issuer-uri=" + authorizationServer.url("")),
                    clientCredentials("system/*.read"));
            authorizationServer.awaitReady();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        withings = new EmulatorControl(stack.emulatorUrl());
        // The care team's own FHIR client creates the Patients; the checks read with it.
        fhir = new FhirCopy(stack.fhirBaseUrl(), accessToken("system/*.read system/*.write"));
        enrolling = new Enrolling(stack, withings, fhir);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (authorizationServer != null) {
            authorizationServer.close();
        }
        if (registration != null) {
            registration.stop(0);
        }
    }

    @Test
    @Order(1)
    void aMissingScopeHoldsThePatientsDataBackAndSaysSo() throws Exception {
        // The bridge may read (system/*.read) but not write: the Patient is found, the writes are refused with 403.
        held = enrolling.connect(7);

        assertHeldBack(held, "iomt.fhir.auth.scope");
    }

    @Test
    @Order(2)
    void anUnreachableTokenEndpointHoldsItBackAndSaysSo() throws Exception {
        String nowhere = "http://127.0.0.1:" + ModuleProcess.freePort() + "/oauth2/token";
        stack.restartBridge(settings(smart(nowhere, "system/*.read system/*.write", null)));
        // A measure taken meanwhile waits with the rest.
        withings.addMeasure(held.userid(), 1, new BigDecimal("77.7"));

        assertHeldBack(held, "iomt.fhir.auth.token-url");
    }

    @Test
    @Order(3)
    void aKeyTheAuthorizationServerDoesNotKnowHoldsItBackAndSaysSo() throws Exception {
        // The operator registers the bridge's JWKS — its key was made when it signed its first assertion, above.
        String published = OPERATOR.get(stack.bridgeUrl("/.well-known/jwks.json")).body();
        assertThat(JSON.readTree(published).get("keys")).as(published).hasSize(1);
        registeredJwks = published.getBytes(StandardCharsets.UTF_8);
        // Then starts the bridge with another keys file: it makes a key of its own, which nobody registered.
        stack.restartBridge(settings(smart(tokenUrl(), "system/*.read system/*.write",
                "{data}/another-fhir-signing-keys.sealed")));

        assertHeldBack(held, "iomt.fhir.auth.client-id");
    }

    @Test
    @Order(4)
    void onceFixedEverythingArrivesExactlyOnceAcrossTokensThatExpireMidIngest() throws Exception {
        long restarted = System.nanoTime();
        stack.restartBridge(settings(smart(tokenUrl(), "system/*.read system/*.write", null)));

        FhirCopy.Snapshot arrived = Exactly.awaitFhirHolds(withings, fhir, held.userid(), held.patient(), SLOW);
        Duration took = Duration.ofNanos(System.nanoTime() - restarted);
        System.out.printf("e2e auth: %d observations arrived %d s after the fixed bridge started, tokens lasting %d s%n",
                arrived.observations().size(), took.toSeconds(), SMART_TOKEN_LIFETIME.toSeconds());
        assertThat(arrived.observations()).hasSizeGreaterThan(300);
        // Ids are deterministic, so a repeated write cannot add an Observation, and the exact comparison above finds
        // none missing or extra; a write repeated with other content would show as a second version.
        assertThat(arrived.observations()).as("no Observation changed after its first write")
                .allSatisfy(observation -> assertThat(observation.getMeta().getVersionId()).isEqualTo("1"));
        assertThat(deadLetters(held.userid())).isEmpty();
        assertReady();

        assertNewMeasureArrives(held);
    }

    @Test
    @Order(5)
    void aPatientsJourneyWithAClientSecret() throws Exception {
        stack.restartBridge(settings(clientCredentials("system/*.read system/*.write")));
        Enrolling.Connected patient = enrolling.connect(3);

        FhirCopy.Snapshot backfilled = Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(), SLOW);
        assertThat(backfilled.observations()).hasSizeGreaterThan(100);
        assertNewMeasureArrives(patient);
        assertThat(fhir.snapshot(held.patient()).matches(Holdings.of(withings.holdings(held.userid())))).isTrue();
        assertReady();
    }

    /** A weigh-in taken in Withings, which notifies the bridge, is in FHIR once, and FHIR holds exactly Withings'. */
    private static void assertNewMeasureArrives(Enrolling.Connected patient) {
        long grpid = withings.addMeasure(patient.userid(), 1, new BigDecimal("81.25"));
        String weighIn = "withings/" + patient.userid() + "/grp/" + grpid + "/1";
        FhirCopy.Snapshot after = Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(),
                Duration.ofSeconds(60));
        Observation arrived = after.byIdentifier(weighIn);
        assertThat(arrived.getValueQuantity().getValue()).isEqualByComparingTo("81.25");
    }

    /**
     * The bridge is not ready, and its log and the dashboard's pipeline page name the setting to fix; the patient's data
     * waits: nothing in FHIR, no dead letter, the sync still scheduled.
     */
    private static void assertHeldBack(Enrolling.Connected patient, String setting) throws Exception {
        await().atMost(SLOW).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(OPERATOR.get(stack.bridgeUrl("/actuator/health/readiness")).statusCode()).isEqualTo(503);
            assertThat(lastCredentialWarning()).contains(setting);
        });
        assertThat(lastCredentialWarning()).doesNotContain(TestClients.CLIENT_SECRET);
        Browser operator = new Browser("e2e operator");
        DashboardSignIn.signIn(stack, operator, "admin", stack.dashboardPassword());
        String pipeline = operator.get(stack.publicUrl("/dashboard/pipeline")).body();
        assertThat(pipeline).as("the pipeline page says why and what to fix").contains("FHIR writes wait", setting)
                .doesNotContain(TestClients.CLIENT_SECRET);
        assertThat(fhir.snapshot(patient.patient()).observations()).as("nothing in FHIR yet").isEmpty();
        assertThat(deadLetters(patient.userid())).as("nothing given up").isEmpty();
        assertThat(scheduledSyncs(patient.userid())).as("the sync waits").isEqualTo(1);
    }

    private static void assertReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                OPERATOR.get(stack.bridgeUrl("/actuator/health/readiness")).statusCode() == 200);
    }

    /** The bridge's latest "FHIR writes wait for their credentials" line: one per problem, in its log. */
    private static String lastCredentialWarning() throws IOException {
        String marker = "FHIR writes wait for their credentials to be fixed";
        try (Stream<String> lines = Files.lines(stack.bridge().log())) {
            List<String> warnings = new ArrayList<>(lines.filter(line -> line.contains(marker)).toList());
            return warnings.isEmpty() ? "" : warnings.get(warnings.size() - 1);
        }
    }

    private static List<JsonNode> deadLetters(long userid) throws IOException {
        HttpResponse<String> page = OPERATOR.json("GET", stack.bridgeUrl("/api/v1/dead-letters?size=200"),
                stack.apiKey(), null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<JsonNode> mine = new ArrayList<>();
        JSON.readTree(page.body()).get("items").forEach(item -> {
            if (item.get("withingsUserId").asText().equals(String.valueOf(userid))) {
                mine.add(item);
            }
        });
        return mine;
    }

    private static int scheduledSyncs(long userid) throws Exception {
        try (Connection connection = DriverManager.getConnection(stack.bridgeDatabaseUrl(), "postgres", "");
             PreparedStatement query = connection.prepareStatement(
                     "select count(*) from scheduled_tasks where task_name = 'sync-user' and task_instance = ?")) {
            query.setString(1, String.valueOf(userid));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private static String tokenUrl() {
        return authorizationServer.url("/oauth2/token");
    }

    private static String[] clientCredentials(String scope) {
        return settings("--iomt.fhir.auth.type=client-credentials", "--iomt.fhir.auth.token-url=" + tokenUrl(),
                "--iomt.fhir.auth.client-id=" + TestClients.CLIENT_ID,
                "--iomt.fhir.auth.client-secret=" + TestClients.CLIENT_SECRET,
                "--iomt.fhir.auth.scope=" + scope);
    }

    private static String[] smart(String tokenUrl, String scope, String keysFile) {
        List<String> settings = new ArrayList<>(List.of("--iomt.fhir.auth.type=private-key-jwt",
                "--iomt.fhir.auth.token-url=" + tokenUrl, "--iomt.fhir.auth.client-id=" + TestClients.SMART_CLIENT_ID,
                "--iomt.fhir.auth.scope=" + scope));
        if (keysFile != null) {
            settings.add("--iomt.fhir.auth.signing-keys-file=" + keysFile);
        }
        return settings.toArray(String[]::new);
    }

    private static String[] settings(String... auth) {
        return Stream.concat(Stream.of(PatientJourneyBehaviour.JOURNEY_SETTINGS),
                Stream.concat(Stream.of(WRITER), Stream.of(auth))).distinct().toArray(String[]::new);
    }

    private static String accessToken(String scopes) {
        return TestClients.accessToken(tokenUrl(), scopes);
    }
}
