package org.iomtbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.iomtbridge.bridge.support.Browser.redirectOf;

/**
 * The production topology: Debian's nginx terminating TLS (a self-signed certificate) in front of two bridge instances
 * on one PostgreSQL database, everything reached at nginx's {@code https://} origin, as patients, Withings and the care
 * team reach a deployment. The hostile cases that need several instances or PostgreSQL come through the proxy too, as
 * attackers would; the login throttle goes last, since it locks the dashboard's administrator out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration BACKFILL = Duration.ofSeconds(90);

    private static Stack stack;
    private static EmulatorControl withings;
    private static FhirCopy fhir;
    private static Enrolling enrolling;
    private static String origin;

    @BeforeAll
    static void start() {
        stack = Stack.behindTlsProxy(2, PatientJourneyBehaviour.JOURNEY_RATE_LIMIT);
        withings = new EmulatorControl(stack.emulatorUrl());
        fhir = new FhirCopy(stack.fhirBaseUrl());
        enrolling = new Enrolling(stack, withings, fhir);
        origin = stack.proxy().origin();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void linksAndTheWebhookCarryThePublicHttpsOriginAndAPatientEnrollsThroughTheProxy() throws IOException {
        Enrolling.Invited invited = enrolling.invite(2);
        assertThat(invited.link()).startsWith(origin + "/enroll/");
        Enrolling.Connected patient = enrolling.consent(invited);
        assertThat(patient.consentLink()).startsWith(origin + "/consent/");
        Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(), BACKFILL);

        // A new weigh-in reaches FHIR through Withings' notification, posted over TLS to the registered webhook.
        withings.addMeasure(patient.userid(), 1, new BigDecimal("81.5"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<JsonNode> attempts = notificationsTo(patient.userid());
            assertThat(attempts).isNotEmpty().allSatisfy(attempt ->
                    assertThat(attempt.get("callbackUrl").asText()).isEqualTo(stack.publicWebhookUrl()));
            assertThat(attempts).as("the emulator's deliveries over TLS: %s", attempts).anySatisfy(attempt ->
                    assertThat(attempt.get("delivered").asBoolean()).isTrue());
        });
        Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(), Duration.ofSeconds(30));
        String served = Files.readString(stack.proxy().accessLog());
        assertThat(stack.bridges()).allSatisfy(bridge ->
                assertThat(served).as("nginx passed requests to each bridge").contains(
                        URI.create(bridge.url("")).getAuthority()));
    }

    @Test
    @Order(2)
    void theDashboardRedirectsToTheHttpsOriginSendsHstsAndItsSessionCookieIsSecureAndHttpOnly() {
        Browser careTeam = stack.browser("Mozilla/5.0 (care team)");
        HttpResponse<String> anonymous = careTeam.get(stack.publicUrl("/dashboard"));
        assertThat(redirectOf(anonymous).toString()).isEqualTo(origin + "/login");

        HttpResponse<String> form = careTeam.get(stack.publicUrl("/login"));
        assertThat(form.headers().firstValue("Strict-Transport-Security")).as("HSTS on the sign-in page")
                .hasValueSatisfying(hsts -> assertThat(hsts).contains("max-age="));
        HttpResponse<String> signedIn = DashboardSignIn.attempt(stack, careTeam, "admin", stack.dashboardPassword());
        assertThat(DashboardSignIn.signedIn(stack, signedIn)).as(signedIn.headers().map().toString()).isTrue();
        List<String> cookies = new ArrayList<>(form.headers().allValues("Set-Cookie"));
        cookies.addAll(signedIn.headers().allValues("Set-Cookie"));
        assertThat(signedIn.headers().allValues("Set-Cookie")).as("the session cookie, new at sign-in").isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("; HttpOnly"));
        assertThat(cookies).allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("; Secure"));

        HttpResponse<String> patients = careTeam.get(stack.publicUrl("/dashboard"));
        assertThat(patients.statusCode()).isEqualTo(200);
        assertThat(patients.body()).contains("Patients");
        assertThat(patients.headers().firstValue("Strict-Transport-Security")).isPresent();
    }

    @Test
    @Order(3)
    void aForgedUnlinkRevokesNothingWhileWithingsStillAcceptsTheTokenAndTheGenuineOneDoes() {
        Enrolling.Connected patient = enrolling.connect(1);
        Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(), BACKFILL);
        Browser attacker = stack.browser("curl/8.0");
        HttpResponse<String> forged = attacker.send(HttpRequest.newBuilder(URI.create(stack.publicWebhookUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("userid=" + patient.userid() + "&appli=46&action=unlink")));
        assertThat(forged.statusCode()).as(forged.body()).isLessThan(500);

        await("the consent stays ACTIVE after a forged unlink").during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(10))
                .until(() -> consentStatus(patient.userid()).equals("ACTIVE"));
        withings.addMeasure(patient.userid(), 1, new BigDecimal("77.7"));
        Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(), Duration.ofSeconds(30));
        assertThat(consentStatus(patient.userid())).isEqualTo("ACTIVE");

        withings.unlink(patient.userid());
        await().atMost(Duration.ofSeconds(30)).until(() -> consentStatus(patient.userid()).equals("REVOKED"));
    }

    @Test
    @Order(4)
    void twoSimultaneousCallbacksOnOneEnrollmentLinkLinkExactlyOneUser() throws Exception {
        Enrolling.Invited invited = enrolling.invite(1);
        // The patient, and someone the link was forwarded to, each consent in a browser of their own and authorize
        // with their own Withings account: two OAuth states of one enrollment link.
        List<Long> users = List.of(invited.userid(), withings.newUser(1));
        List<Browser> browsers = List.of(stack.browser("Mozilla/5.0 (e2e patient)"),
                stack.browser("Mozilla/5.0 (forwarded to)"));
        List<URI> callbacks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            assertThat(browsers.get(i).get(invited.link()).statusCode()).isEqualTo(200);
            URI withingsPage = redirectOf(browsers.get(i).postForm(invited.link(), Map.of("decision", "accept")));
            assertThat(Browser.query(withingsPage).get("redirect_uri")).isEqualTo(origin + "/oauth/callback");
            callbacks.add(redirectOf(withings.answerAuthorization(withingsPage, users.get(i), "accept")));
        }
        assertThat(callbacks).allSatisfy(callback -> assertThat(callback.toString()).startsWith(origin + "/oauth/callback?"));

        List<HttpResponse<String>> answers = simultaneously(List.<Supplier<HttpResponse<String>>>of(
                () -> browsers.get(0).get(callbacks.get(0).toString()),
                () -> browsers.get(1).get(callbacks.get(1).toString())));

        List<Long> linked = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> answer = answers.get(i);
            assertThat(answer.statusCode()).as(answer.body()).isLessThan(500);
            if (answer.statusCode() == 200 && answer.body().contains("You are connected")) {
                linked.add(users.get(i));
            }
        }
        assertThat(linked).as("users linked by the two callbacks").hasSize(1);
        long loser = users.get(0).equals(linked.get(0)) ? users.get(1) : users.get(0);
        assertThat(consent(loser).statusCode()).isEqualTo(404);
        assertThat(consentStatus(linked.get(0))).isEqualTo("ACTIVE");
    }

    @Test
    @Order(5)
    void oneNotificationOutOfRangeInAConcurrentBatchIsRefusedAloneAndEveryOtherIsAccepted() throws Exception {
        long now = Instant.now().getEpochSecond();
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            good.add("userid=" + (900_000_000L + i) + "&appli=1&startdate=" + (now - 60) + "&enddate=" + now);
        }
        String bad = "userid=900000999&appli=16&date=%2B10000-01-01";
        List<String> batch = new ArrayList<>(good);
        batch.add(20, bad);
        Browser withingsCloud = stack.browser("Withings");
        List<HttpResponse<String>> answers = simultaneously(batch.stream()
                .<Supplier<HttpResponse<String>>>map(form -> () -> withingsCloud.send(HttpRequest.newBuilder(
                                URI.create(stack.publicWebhookUrl()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)))).toList());

        for (int i = 0; i < batch.size(); i++) {
            HttpResponse<String> answer = answers.get(i);
            assertThat(answer.statusCode()).as(batch.get(i) + " -> " + answer.body()).isLessThan(500);
            if (!batch.get(i).equals(bad)) {
                assertThat(answer.statusCode()).as(batch.get(i) + " -> " + answer.body()).isEqualTo(200);
            }
        }
        assertThat(withingsCloud.get(stack.publicUrl("/actuator/health")).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void thirtyWrongPasswordsLockTheSignInEvenForTheRightOneAndAreInTheAuditTrail() throws IOException {
        Browser attacker = stack.browser("Mozilla/5.0 (attacker)");
        for (int attempt = 0; attempt < 30; attempt++) {
            HttpResponse<String> refused = DashboardSignIn.attempt(stack, attacker, "admin", "Guess-" + attempt + "-q7Zx");
            assertThat(DashboardSignIn.signedIn(stack, refused)).isFalse();
            assertThat(refused.statusCode()).isLessThan(500);
        }
        HttpResponse<String> right = DashboardSignIn.attempt(stack, attacker, "admin", stack.dashboardPassword());
        assertThat(DashboardSignIn.signedIn(stack, right)).as("the right password, after 30 wrong ones").isFalse();
        String shown = right.statusCode() == 302
                ? attacker.get(right.headers().firstValue("Location").orElseThrow()).body() : right.body();
        assertThat(shown).contains("Too many failed sign-ins");
        assertThat(attacker.get(stack.publicUrl("/dashboard")).statusCode()).isEqualTo(302);

        HttpResponse<String> audit = attacker.json("GET", stack.publicUrl("/api/v1/audit-events?action=login.failed&size=100"),
                stack.apiKey(), null);
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
        JsonNode items = JSON.readTree(audit.body()).get("items");
        assertThat(items).as(audit.body()).isNotNull();
        assertThat(items.size()).isGreaterThanOrEqualTo(30);
        assertThat(audit.body()).doesNotContain("Guess-").doesNotContain(stack.dashboardPassword());
    }

    private static List<JsonNode> notificationsTo(long userid) throws IOException {
        HttpResponse<String> answer = stack.browser("test").json("GET", stack.emulatorUrl() + "/_emulator/notifications",
                null, null);
        List<JsonNode> attempts = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(attempt -> {
            if (attempt.get("userid").asLong() == userid) {
                attempts.add(attempt);
            }
        });
        return attempts;
    }

    private static HttpResponse<String> consent(long userid) {
        return stack.browser("care team").json("GET", stack.publicUrl("/api/v1/consents/" + userid), stack.apiKey(),
                null);
    }

    private static String consentStatus(long userid) {
        HttpResponse<String> answer = consent(userid);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        try {
            return JSON.readTree(answer.body()).get("status").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends every request at once: each thread waits at a barrier until all are ready. */
    static <T> List<T> simultaneously(List<Supplier<T>> requests) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(requests.size());
        try {
            CyclicBarrier start = new CyclicBarrier(requests.size());
            List<CompletableFuture<T>> running = requests.stream().map(request -> CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return request.get();
            }, threads)).toList();
            List<T> answers = new ArrayList<>();
            for (CompletableFuture<T> answer : running) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
