package org.iomtbridge.bridge.sync;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.api.SummaryEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.admin.ApiKeys;
import org.iomtbridge.bridge.admin.Role;
import org.iomtbridge.bridge.consent.EnrollmentSteps;
import org.iomtbridge.bridge.fhirwrite.FhirWriterConfiguration;
import org.iomtbridge.bridge.fhirwrite.FhirWriterProperties;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.iomtbridge.bridge.support.SharedServers;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.bridge.withings.DataKind;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.withings.WithingsTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backfills in slices against the emulator and the FHIR server, at a rate limit low enough to watch them: patients
 * take turns, a live notification goes before the backfill it arrives during, ECG waveforms come after everything
 * else, and the progress the admin API and the dashboard show is exact for a history the emulator says it holds. A
 * slice fetches and queues its write: the next one does not wait for it, and the backfill ends with the last write.
 */
class BackfillSlicesOnPostgresTest extends BridgeTest {

    private static final int CALLS_PER_MINUTE = 60;
    private static final String PASSWORD = "correct horse battery staple";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String REDIRECT = "http://localhost/oauth/callback";
    private static int bridgePort;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    BackfillPlans plans;
    @Autowired
    BackfillSlices slices;
    @Autowired
    BackfillProgress progress;
    @Autowired
    WithingsClients withings;
    @Autowired
    AccountStore accounts;
    @Autowired
    TokenStore tokens;
    @Autowired
    Scheduler scheduler;

    private final EmulatorControl emulator = new EmulatorControl(SharedServers.emulatorBaseUrl());
    private final IGenericClient fhir = FhirWriterConfiguration.client(new FhirWriterProperties(
            SharedServers.fhirBaseUrl(), 0, null, 0, null, null, null, null));

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        usePostgres(registry);
        try (ServerSocket socket = new ServerSocket(0)) {
            bridgePort = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        registry.add("server.port", () -> bridgePort);
        registry.add("iomt.public-base-url", () -> "http://127.0.0.1:" + bridgePort);
        SharedServers.register(registry);
        registry.add("iomt.withings.rate-limit-per-minute", () -> CALLS_PER_MINUTE);
        registry.add("iomt.dashboard.admin-password", () -> PASSWORD);
    }

    @Test
    void patientsTakeTurnsLiveDataGoesFirstAndEcgWaveformsComeLast() {
        EnrollmentSteps steps = new EnrollmentSteps("http://127.0.0.1:" + bridgePort,
                apiKeys.create("test", EnumSet.allOf(Role.class)).key(), fhir);
        // Within the 90 days a backfill reaches back, so that every ECG the emulator holds is fetched.
        long longHistory = emulator.newUser(60);
        long shortHistory = emulator.newUser(3);
        int longEcgs = emulator.holdings(longHistory).get("ecgs").size();
        assertThat(longEcgs).as("the long history has ECGs to fetch").isGreaterThan(2);

        steps.connect(new Browser("Long/1.0"), "Patient/long-" + longHistory, longHistory);
        steps.connect(new Browser("Short/1.0"), "Patient/short-" + shortHistory, shortHistory);
        String longUser = String.valueOf(longHistory);
        String shortUser = String.valueOf(shortHistory);

        // A weigh-in while the long backfill runs reaches FHIR before that backfill ends.
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.of(List.of(longUser)).get(longUser).callsDone() >= 3);
        long grpid = emulator.addMeasure(longHistory, 1, new BigDecimal("81.5"));
        // Bounded for a loaded machine; at 60 calls a minute the long backfill has more than a minute to go.
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> exists("withings-" + longUser + "-grp-" + grpid + "-1"));
        BackfillProgress.Progress longWhenLiveLanded = progress.of(List.of(longUser)).get(longUser);
        assertThat(longWhenLiveLanded.finished()).as("the long backfill is still under way").isFalse();
        assertThat(longWhenLiveLanded.callsRemaining()).isGreaterThan(0);

        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1))
                .until(() -> progress.of(List.of(longUser)).get(longUser).finished());
        BackfillPlans.Plan longPlan = plans.find(longUser).orElseThrow();
        BackfillPlans.Plan shortPlan = plans.find(shortUser).orElseThrow();
        assertThat(shortPlan.finishedAt().orElseThrow()).as("the short history does not wait for the long one")
                .isBefore(longPlan.finishedAt().orElseThrow());

        List<String> calls = jdbc.sql("""
                        select call_name from raw_response where withings_user_id in (:users) order by id""")
                .param("users", List.of(longUser, shortUser)).query(String.class).list();
        int firstWaveform = calls.indexOf("/v2/heart get");
        List<String> pagedKinds = List.of("/v2/measure getactivity", "/v2/sleep getsummary", "/v2/measure getworkouts",
                "/v2/heart list", "/v2/user getdevice");
        int lastPage = 0;
        for (int index = 0; index < calls.size(); index++) {
            lastPage = pagedKinds.contains(calls.get(index)) ? index : lastPage;
        }
        assertThat(firstWaveform).as("every ECG waveform after every other backfill call: %s", calls)
                .isGreaterThan(lastPage);
        assertThat(calls.stream().filter("/v2/heart get"::equals).count()).isEqualTo(longEcgs
                + emulator.holdings(shortHistory).get("ecgs").size());
        assertThat(longPlan.callsDone()).isEqualTo(
                jdbc.sql("select calls_done from backfill where withings_user_id = :user").param("user", longUser)
                        .query(Integer.class).single());
    }

    @Test
    void progressCountsEveryCallExactlyAndThePagesAndTheApiShowIt() throws Exception {
        long userid = emulator.newUser(30);
        int ecgs = emulator.holdings(userid).get("ecgs").size();
        assertThat(ecgs).as("a month holds ECGs").isPositive();
        String user = String.valueOf(userid);
        String patientId = "progress-" + userid;
        linkWithoutScheduling(user, "Patient/" + patientId);
        Instant now = Instant.now();
        plans.create(user, now.minus(Duration.ofDays(90)), now, EnumSet.allOf(DataKind.class), now);

        // Before the first page, one call for each of the six paged kinds: as few as there can be.
        assertProgress(user, 0, 6);
        int pages;
        int firstPage;
        // With no task running, the slices after the first only fetch: each queues its write, and the next does not wait.
        scheduler.pause();
        try {
            pages = 1;
            BackfillSlices.Left left = slices.next(user);
            firstPage = observationsOf(patientId);
            assertThat(firstPage).as("a new patient's first page, in FHIR once its slice returns").isPositive();
            while (left == BackfillSlices.Left.PAGES) {
                left = slices.next(user);
                pages++;
            }
            assertThat(pages).as("the emulator's pages hold 10 items").isGreaterThan(6);
            assertThat(calls(user)).isEqualTo(pages);
            // The pages read, the waveforms of the ECGs the emulator holds still to come: both exact.
            assertProgress(user, pages, ecgs);
            Instant before = Instant.now();
            BackfillProgress.Progress midway = progress.of(List.of(user)).get(user);
            Instant after = Instant.now();
            Duration atTheLimit = Duration.ofMillis(ecgs * 60_000L / CALLS_PER_MINUTE);
            assertThat(midway.estimatedFinish().orElseThrow()).as("alone, its waveforms at the rate limit")
                    .isBetween(before.plus(atTheLimit).minusSeconds(1), after.plus(atTheLimit).plusSeconds(1));

            String api = adminApi("/api/v1/backfills/" + user);
            assertThat(JSON.readTree(api).get("callsDone").asInt()).isEqualTo(pages);
            assertThat(JSON.readTree(api).get("callsRemaining").asInt()).isEqualTo(ecgs);
            JsonNode cohort = JSON.readTree(adminApi("/api/v1/backfills"));
            assertThat(cohort.get("callsRemaining").asLong()).isGreaterThanOrEqualTo(ecgs);
            assertThat(cohort.get("callsPerMinute").asInt()).isEqualTo(CALLS_PER_MINUTE);

            signIn();
            String shown = pages + " calls done, at least " + ecgs + " to go";
            assertThat(page("/dashboard")).contains(shown);
            assertThat(page("/dashboard/patients/" + patientId)).contains(shown).contains("estimated finish");
            assertThat(page("/dashboard/pipeline")).contains("Withings calls to go").contains("all should finish by");

            for (int waveform = 0; waveform < ecgs; waveform++) {
                slices.next(user);
            }
            assertProgress(user, pages + ecgs, 0);
            assertThat(progress.of(List.of(user)).get(user).finished()).as("every call made, nothing written yet")
                    .isFalse();
            assertThat(plans.pendingWrites(user)).as("the first page is written by its own slice, the rest queued")
                    .hasSize(pages - 1 + ecgs);
            // The patient withdraws before the writes run: what was fetched waits for their return, unwritten.
            accounts.setStatus(user, AccountStatus.REVOKED, Instant.now());
        } finally {
            scheduler.resume();
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> backfillWriteTasks(user) == 0);
        assertThat(plans.pendingWrites(user)).hasSize(pages - 1 + ecgs);
        assertThat(observationsOf(patientId)).as("the first page's only").isEqualTo(firstPage);

        // They consent again: the writes are queued again and the backfill finishes once the last is done.
        accounts.setStatus(user, AccountStatus.ACTIVE, Instant.now());
        slices.resumeWrites(user);
        await().atMost(Duration.ofMinutes(2)).until(() -> progress.of(List.of(user)).get(user).finished());
        assertThat(plans.pendingWrites(user)).isEmpty();
        assertThat(observationsOf(patientId)).isGreaterThan(firstPage);
        assertProgress(user, pages + ecgs, 0);
        assertThat(calls(user)).as("one archived answer per call counted").isEqualTo(pages + ecgs);
        assertThat(page("/dashboard")).contains("history complete: " + (pages + ecgs) + " Withings calls");
        assertThat(adminApiStatus("/api/v1/backfills/not-a-user")).isEqualTo(400);
        assertThat(adminApiStatus("/api/v1/backfills/123456789")).isEqualTo(404);
    }

    private int backfillWriteTasks(String user) {
        return jdbc.sql("select count(*) from scheduled_tasks where task_name = 'backfill-write' and task_instance like :user")
                .param("user", user + "/%").query(Integer.class).single();
    }

    private int observationsOf(String patientId) {
        return fhir.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + patientId))
                .summaryMode(SummaryEnum.COUNT).returnBundle(Bundle.class).execute().getTotal();
    }

    private int calls(String user) {
        return jdbc.sql("select count(*) from raw_response where withings_user_id = :user").param("user", user)
                .query(Integer.class).single();
    }

    private void assertProgress(String user, int done, int remaining) {
        BackfillProgress.Progress now = progress.of(List.of(user)).get(user);
        assertThat(now.callsDone()).as("calls done").isEqualTo(done);
        assertThat(now.callsRemaining()).as("calls remaining").isEqualTo(remaining);
    }

    private void linkWithoutScheduling(String user, String patient) throws Exception {
        String form = "response_type=code&client_id=" + SharedServers.CLIENT_ID
                + "&scope=user.info,user.metrics,user.activity&state=s&decision=accept&userid=" + user
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
        HttpResponse<String> consent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(SharedServers.emulatorBaseUrl() + "/oauth2_user/authorize2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String code = consent.headers().firstValue("Location").orElseThrow().replaceAll(".*code=", "");
        WithingsTokens granted = withings.client().oauth().exchangeCode(code, URI.create(REDIRECT));
        Instant now = Instant.now();
        accounts.link(user, patient, granted.scopes(), now);
        tokens.save(user, new TokenStore.Tokens(granted.accessToken(), granted.refreshToken(), granted.expiresAt()), now);
        org.hl7.fhir.r4.model.Patient resource = new org.hl7.fhir.r4.model.Patient();
        resource.setId(patient.substring("Patient/".length()));
        fhir.update().resource(resource).execute();
    }

    private boolean exists(String observationId) {
        try {
            fhir.read().resource(Observation.class).withId(observationId).execute();
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private String apiKey;

    private HttpResponse<String> api(String path) throws Exception {
        if (apiKey == null) {
            apiKey = apiKeys.create("progress", EnumSet.of(Role.OPERATOR)).key();
        }
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String adminApi(String path) throws Exception {
        HttpResponse<String> answer = api(path);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    private int adminApiStatus(String path) throws Exception {
        return api(path).statusCode();
    }

    private final HttpClient session = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    private void signIn() throws Exception {
        Matcher token = CSRF.matcher(page("/login"));
        assertThat(token.find()).isTrue();
        HttpResponse<String> signedIn = session.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                        + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.headers().firstValue("Location")).hasValue(url("/dashboard"));
    }

    private String page(String path) throws Exception {
        HttpResponse<String> answer = session.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + bridgePort + path;
    }
}
