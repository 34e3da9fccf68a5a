package org.iomtbridge.bridge.admin;

import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.audit.AuditQuery;
import org.iomtbridge.bridge.audit.AuditRecord;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.withings.DataKind;
import org.iomtbridge.bridge.archive.DeadLetters;
import org.iomtbridge.withings.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's door over plain HTTP: nothing without signing in, no change without the page's CSRF token, and the
 * patients' problems at a glance. The FHIR server is unreachable here, which the page says instead of failing.
 */
class DashboardAccessTest extends BridgeTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    AccountStore accounts;
    @Autowired
    DeadLetters deadLetters;
    @Autowired
    DashboardUsers users;
    @Autowired
    AuditTrail audit;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        useH2(registry);
        registry.add("iomt.dashboard.admin-password", () -> PASSWORD);
        registry.add("iomt.fhir.base-url", () -> "http://127.0.0.1:9/fhir");
        registry.add("iomt.fhir.max-attempts", () -> "1");
    }

    @Test
    void withoutSigningInEveryPageLeadsToTheSignInPageAndChangesAreRefused() throws Exception {
        HttpClient anonymous = HttpClient.newHttpClient();
        for (String path : List.of("/dashboard", "/dashboard/pipeline", "/dashboard/enroll", "/dashboard/patients/p1")) {
            HttpResponse<String> answer = anonymous.send(get(path), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location")).as(path).hasValue(url("/login"));
        }
        HttpResponse<String> replay = anonymous.send(post("/dashboard/dead-letters/1/replay", ""),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isIn(302, 403);
        assertThat(signIn("admin", "a wrong password!").headers().firstValue("Location")).hasValue(url("/login?error"));
    }

    @Test
    void aSignedInUserSeesProblemsAtAGlanceButChangesNothingWithoutTheCsrfToken() throws Exception {
        accounts.link("7001", "Patient/p7001", Scope.parse("user.info,user.metrics"), Instant.now());
        accounts.setStatus("7001", AccountStatus.REAUTHORIZATION_NEEDED, Instant.now());
        long letter = deadLetters.record("7001", DataKind.MEASURES, List.of(), "refused by FHIR", Instant.now());
        accounts.link("7002", "Patient/p7002", Scope.parse("user.info,user.metrics"), Instant.now());
        accounts.recordSync("7002", Instant.parse("2026-01-02T03:04:05Z"), Optional.empty());

        HttpResponse<String> signedIn = signIn("admin", PASSWORD);
        assertThat(signedIn.headers().firstValue("Location")).hasValue(url("/dashboard"));
        String patients = send(get("/dashboard")).body();
        assertThat(patients).contains("Patient/p7001", "re-authorization needed", "1 dead letter")
                .contains("2026-01-02").contains("The FHIR server did not answer");

        assertThat(send(post("/dashboard/dead-letters/" + letter + "/discard", "")).statusCode()).isEqualTo(403);
        assertThat(deadLetters.find(letter).orElseThrow().status()).isEqualTo(DeadLetters.Status.OPEN);
        String token = csrf(send(get("/dashboard/pipeline")).body());
        HttpResponse<String> discarded = send(HttpRequest.newBuilder(URI.create(url("/dashboard/dead-letters/" + letter
                + "/discard"))).header("X-CSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(discarded.statusCode()).isEqualTo(200);
        assertThat(discarded.body()).contains("Discarded");
        assertThat(deadLetters.find(letter).orElseThrow().status()).isEqualTo(DeadLetters.Status.DISCARDED);
    }

    @Test
    void everyPageOfAPatientAndEveryChangeIsInTheAuditTrailWithWhoAndFromWhere() throws Exception {
        signIn("admin", PASSWORD);
        send(get("/dashboard/patients/p7100"));
        String token = csrf(send(get("/dashboard/pipeline")).body());
        send(HttpRequest.newBuilder(URI.create(url("/dashboard/dead-letters/999999/discard")))
                .header("X-CSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.noBody()).build());

        List<AuditRecord> patientPage = audit.search(new AuditQuery(Optional.of("admin"), Optional.empty(),
                Optional.of("Patient/p7100"), Optional.empty(), Optional.empty(), Optional.empty(), 0, 10));
        assertThat(patientPage).singleElement().satisfies(record -> {
            assertThat(record.action()).isEqualTo("dashboard.read");
            assertThat(record.actorType()).isEqualTo("USER");
            assertThat(record.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(record.detail()).startsWith("GET /dashboard/patients/{id} ");
        });
        assertThat(audit.search(new AuditQuery(Optional.of("admin"), Optional.of("dashboard.change"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 0, 10)))
                .anySatisfy(record -> assertThat(record.detail())
                        .startsWith("POST /dashboard/dead-letters/{id}/discard"));
    }

    @Test
    void withTheFhirServerUnreachableTheBridgeIsAliveButNotReady() throws Exception {
        assertThat(send(get("/actuator/health/liveness")).statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = send(get("/actuator/health/readiness"));
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
    }

    @Test
    void passwordsAreKeptOnlyAsBcryptHashesAndShortOnesAreRefused() {
        users.create("nurse", "a long enough secret", java.util.Set.of(Role.CARE_TEAM));
        assertThat(users.loadUserByUsername("nurse").getPassword()).startsWith("{bcrypt}$2a$")
                .doesNotContain("a long enough secret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> users.create("nurse2", "short", java.util.Set.of(Role.CARE_TEAM)))
                .hasMessageContaining("at least 12 characters");
    }

    private final HttpClient session = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    private HttpResponse<String> signIn(String user, String password) throws Exception {
        String token = csrf(send(get("/login")).body());
        return send(post("/login", "username=" + encode(user) + "&password=" + encode(password) + "&_csrf="
                + encode(token)));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return session.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).build();
    }

    private HttpRequest post(String path, String form) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertThat(matcher.find()).as("the page carries a CSRF token").isTrue();
        return matcher.group(1);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
