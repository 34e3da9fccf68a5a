package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.withings.AccessTokens;
import org.iomtbridge.bridge.withings.DataKind;
import org.iomtbridge.bridge.withings.WithingsClients;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.fhirwrite.FhirWriterConfiguration;
import org.iomtbridge.bridge.fhirwrite.FhirWriterProperties;
import org.iomtbridge.bridge.support.SharedServers;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.withings.MeasureQuery;
import org.iomtbridge.withings.WithingsTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user's measures from the Withings emulator to the FHIR server, both real processes: exactly what the emulator
 * holds, once, whatever is synced again; the cursor moves only after the write.
 */
abstract class UserSyncBehaviour extends BridgeTest {

    private static final String REDIRECT = "http://localhost/oauth/callback";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    UserSync sync;
    @Autowired
    Reconciliation reconciliation;
    @Autowired
    WithingsClients withings;
    @Autowired
    AccountStore accounts;
    @Autowired
    TokenStore tokens;
    @Autowired
    SyncCursors cursors;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.iomtbridge.bridge.admin.ApiKeys apiKeys;
    @Autowired
    AccessTokens accessTokens;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private String userId;
    private IGenericClient fhir;

    @Autowired
    FhirWriterProperties fhirWriterProperties;

    /** The shared emulator and FHIR server. */
    static void servers(DynamicPropertyRegistry registry) {
        servers(registry, SharedServers::fhirBaseUrl);
    }

    /** The shared emulator, and the FHIR server at this base URL. */
    static void servers(DynamicPropertyRegistry registry, java.util.function.Supplier<Object> fhirBaseUrl) {
        registry.add("iomt.withings.endpoints", SharedServers::emulatorBaseUrl);
        registry.add("iomt.withings.client-id", () -> SharedServers.CLIENT_ID);
        registry.add("iomt.withings.client-secret", () -> SharedServers.CLIENT_SECRET);
        registry.add("iomt.fhir.base-url", fhirBaseUrl);
        registry.add("iomt.fhir.batch-size", () -> "50");
    }

    @BeforeEach
    void consentedUser() throws Exception {
        JsonNode created = control("POST", "/_emulator/users", "{\"historyDays\": 4}");
        userId = created.get("userid").asText();
        String form = "response_type=code&client_id=" + SharedServers.CLIENT_ID
                + "&scope=user.info,user.metrics,user.activity&state=s&decision=accept&userid=" + userId
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
        HttpResponse<String> consent = HTTP.send(HttpRequest.newBuilder(
                        URI.create(SharedServers.emulatorBaseUrl() + "/oauth2_user/authorize2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String code = consent.headers().firstValue("Location").orElseThrow().replaceAll(".*code=", "");
        WithingsTokens granted = withings.client().oauth().exchangeCode(code, URI.create(REDIRECT));
        Instant now = Instant.now();
        accounts.link(userId, "Patient/sync-" + userId, granted.scopes(), now);
        tokens.save(userId, new TokenStore.Tokens(granted.accessToken(), granted.refreshToken(), granted.expiresAt()), now);
        fhir = FhirWriterConfiguration.client(new FhirWriterProperties(fhirWriterProperties.baseUrl(), 0, null, 0, null,
                null, null, null));
        Patient patient = new Patient();
        patient.setId("sync-" + userId);
        fhir.update().resource(patient).execute();
    }

    @Test
    void theBackfillLandsExactlyWhatTheEmulatorHoldsAndASecondSyncAddsNothing() {
        UserSync.Result first = sync.sync(userId);

        Set<String> expected = expectedObservationIds();
        assertThat(first.observations().get(DataKind.MEASURES)).isEqualTo(expected.size()).isGreaterThan(20);
        assertThat(observationIdsInFhir()).isEqualTo(expected);
        assertThat(cursors.find(userId, DataKind.MEASURES)).isPresent();
        assertThat(jdbc.sql("select count(*) from raw_response where withings_user_id = :user").param("user", userId)
                .query(Long.class).single()).as("every page archived").isGreaterThanOrEqualTo(2);

        Observation sample = fhir.read().resource(Observation.class).withId(expected.iterator().next()).execute();
        sync.sync(userId);

        assertThat(observationIdsInFhir()).isEqualTo(expected);
        assertThat(fhir.read().resource(Observation.class).withId(sample.getIdPart()).execute().getMeta().getVersionId())
                .as("what the overlap fetches again is unchanged").isEqualTo(sample.getMeta().getVersionId());
    }

    @Test
    void aNewMeasureArrivesAndAModifiedOneUpdatesTheSameResource() throws Exception {
        sync.sync(userId);
        JsonNode added = control("POST", "/_emulator/users/" + userId + "/measures", "{\"type\": 1, \"value\": 88.8}");
        String grpid = added.get("grpid").asText();

        sync.sync(userId);

        String id = "withings-" + userId + "-grp-" + grpid + "-1";
        Observation weight = fhir.read().resource(Observation.class).withId(id).execute();
        assertThat(weight.getValueQuantity().getValue()).isEqualByComparingTo("88.8");
        assertThat(observationIdsInFhir()).isEqualTo(expectedObservationIds());

        control("PUT", "/_emulator/users/" + userId + "/measures/" + grpid, "{\"measures\": [{\"type\": 1, \"value\": 87.6}]}");
        sync.sync(userId);

        Observation corrected = fhir.read().resource(Observation.class).withId(id).execute();
        assertThat(corrected.getValueQuantity().getValue()).isEqualByComparingTo("87.6");
        assertThat(corrected.getMeta().getVersionId()).isEqualTo("2");
        assertThat(observationIdsInFhir()).isEqualTo(expectedObservationIds());
    }

    @Test
    void aMeasureDeletedInWithingsBecomesEnteredInErrorAndNothingElseChanges() throws Exception {
        sync.sync(userId);
        JsonNode added = control("POST", "/_emulator/users/" + userId + "/measures", "{\"type\": 1, \"value\": 79.5}");
        sync.sync(userId);
        String id = "withings-" + userId + "-grp-" + added.get("grpid").asText() + "-1";
        assertThat(fhir.read().resource(Observation.class).withId(id).execute().getStatus())
                .isEqualTo(Observation.ObservationStatus.FINAL);

        control("DELETE", "/_emulator/users/" + userId + "/measures/" + added.get("grpid").asText(), "");
        Reconciliation.Result result = reconciliation.reconcile(userId);

        assertThat(result.enteredInError()).isEqualTo(1);
        Observation deleted = fhir.read().resource(Observation.class).withId(id).execute();
        assertThat(deleted.getStatus()).isEqualTo(Observation.ObservationStatus.ENTEREDINERROR);
        assertThat(deleted.getNoteFirstRep().getText()).contains("deleted in Withings");
        Set<String> live = new HashSet<>(observationIdsInFhir());
        live.removeIf(observation -> fhir.read().resource(Observation.class).withId(observation).execute().getStatus()
                == Observation.ObservationStatus.ENTEREDINERROR);
        assertThat(live).isEqualTo(expectedObservationIds());
        assertThat(reconciliation.reconcile(userId).enteredInError()).as("a second round finds nothing new").isZero();
    }

    @Test
    void anExpiredAccessTokenIsRefreshedAndTheRotatedRefreshTokenStoredBeforeUse() {
        TokenStore.Tokens before = tokens.load(userId).orElseThrow();
        jdbc.sql("update token_vault set access_expires_at = :past where withings_user_id = :user")
                .param("past", Timestamp.from(Instant.now().minus(Duration.ofMinutes(1)))).param("user", userId).update();

        sync.sync(userId);

        TokenStore.Tokens after = tokens.load(userId).orElseThrow();
        assertThat(after.refreshToken().value()).isNotEqualTo(before.refreshToken().value());
        assertThat(after.accessToken().value()).isNotEqualTo(before.accessToken().value());
        assertThat(after.accessExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(2)));
    }

    @Test
    void fiftyConcurrentCallersOfAnExpiredTokenCauseExactlyOneRefreshAndNoRefreshTokenIsLost() throws Exception {
        jdbc.sql("update token_vault set access_expires_at = :past where withings_user_id = :user")
                .param("past", Timestamp.from(Instant.now().minus(Duration.ofMinutes(1)))).param("user", userId).update();
        int refreshesBefore = control("GET", "/_emulator/stats", "").get("tokenRefreshes").asInt();
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(50);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> tokensSeen = new java.util.ArrayList<>();
        for (int caller = 0; caller < 50; caller++) {
            tokensSeen.add(callers.submit(() -> {
                start.await();
                return accessTokens.valid(userId).value();
            }));
        }
        start.countDown();
        Set<String> distinct = new HashSet<>();
        for (java.util.concurrent.Future<String> seen : tokensSeen) {
            distinct.add(seen.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        callers.shutdown();

        assertThat(distinct).as("every caller got the one new token").hasSize(1);
        assertThat(control("GET", "/_emulator/stats", "").get("tokenRefreshes").asInt() - refreshesBefore)
                .as("refreshes at Withings").isEqualTo(1);
        assertThat(tokens.load(userId).orElseThrow().accessToken().value()).isEqualTo(distinct.iterator().next());
        jdbc.sql("update token_vault set access_expires_at = :past where withings_user_id = :user")
                .param("past", Timestamp.from(Instant.now().minus(Duration.ofMinutes(1)))).param("user", userId).update();
        assertThat(sync.sync(userId).total()).as("the stored refresh token still works").isPositive();
    }

    @Test
    void anAccessTokenWithingsRefusesBeforeItsExpiryIsReplacedAndTheSyncGoesOn() {
        TokenStore.Tokens before = tokens.load(userId).orElseThrow();
        tokens.save(userId, new TokenStore.Tokens(new org.iomtbridge.withings.AccessToken("revoked-by-withings"),
                before.refreshToken(), Instant.now().plus(Duration.ofHours(2))), Instant.now());

        UserSync.Result result = sync.sync(userId);

        assertThat(result.total()).isPositive();
        TokenStore.Tokens after = tokens.load(userId).orElseThrow();
        assertThat(after.accessToken().value()).isNotIn("revoked-by-withings", before.accessToken().value());
        assertThat(after.refreshToken().value()).isNotEqualTo(before.refreshToken().value());
    }

    @Test
    void sleepActivityWorkoutsAndEcgsLandBesideTheMeasures() {
        UserSync.Result result = sync.sync(userId);

        var token = tokens.load(userId).orElseThrow().accessToken();
        var client = withings.client();
        int nights = client.allSleepSummaries(token, org.iomtbridge.withings.DayQuery.updatedSince(Instant.EPOCH))
                .series().size();
        int days = client.allActivity(token, org.iomtbridge.withings.DayQuery.updatedSince(Instant.EPOCH))
                .activities().size();
        int ecgs = client.allHeartRecords(token, org.iomtbridge.withings.TimeQuery.everything()).series().size();
        assertThat(nights).isPositive();
        assertThat(days).isPositive();
        assertThat(observationsWithCode("93832-4")).as("a sleep duration per night").isEqualTo(nights);
        assertThat(observationsWithCode("41950-7")).as("a step count per day").isEqualTo(days);
        assertThat(result.observations()).containsKeys(DataKind.SLEEP_SUMMARIES, DataKind.ACTIVITY, DataKind.WORKOUTS,
                DataKind.HEART);
        if (ecgs > 0) {
            assertThat(result.observations().get(DataKind.HEART)).isGreaterThanOrEqualTo(ecgs * 3);
        }
        int total = allObservationIdsInFhir().size();

        sync.sync(userId);

        assertThat(allObservationIdsInFhir()).as("a second sync duplicates nothing").hasSize(total);
    }

    @Test
    void aSyncForOneKindAlsoFetchesEveryKindThatWasNeverSynced() {
        // The backfill failed (FHIR down, credentials refused) and a weigh-in's notification came before its retry.
        UserSync.Result result = sync.sync(userId, java.util.EnumSet.of(DataKind.MEASURES));

        assertThat(result.observations()).containsKeys(DataKind.MEASURES, DataKind.SLEEP_SUMMARIES, DataKind.ACTIVITY,
                DataKind.WORKOUTS, DataKind.HEART);
        assertThat(observationsWithCode("93832-4")).as("the nights owed by the backfill").isPositive();
        assertThat(observationsWithCode("41950-7")).as("the days owed by the backfill").isPositive();
        assertThat(java.util.EnumSet.allOf(DataKind.class)).allSatisfy(kind ->
                assertThat(cursors.find(userId, kind)).as(kind + " synced").isPresent());
    }

    private int observationsWithCode(String loinc) {
        return fhir.search().forResource(Observation.class).where(Observation.SUBJECT.hasId("Patient/sync-" + userId))
                .and(Observation.CODE.exactly().systemAndCode("http://loinc.org", loinc))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute().getTotal();
    }

    @Test
    void answersTheFhirServerRefusesWaitInDeadLettersAndReplayAndRemapWriteThemOnce() throws Exception {
        String patient = "Patient/later-" + userId;
        accounts.link(userId, patient, accounts.find(userId).orElseThrow().scopes(), Instant.now());
        String apiKey = apiKeys.create("dead-letter-test", java.util.EnumSet.allOf(org.iomtbridge.bridge.admin.Role.class)).key();

        UserSync.Result result = sync.sync(userId);

        assertThat(result.total()).as("nothing could be written: " + patient + " is not on the FHIR server").isZero();
        assertThat(observationIdsInFhir(patient)).isEmpty();
        JsonNode open = admin("GET", "/api/v1/dead-letters?size=200", apiKey, 200);
        List<JsonNode> mine = new java.util.ArrayList<>();
        open.get("items").forEach(item -> {
            if (item.get("withingsUserId").asText().equals(userId)) {
                mine.add(item);
            }
        });
        assertThat(mine).extracting(item -> item.get("kind").asText()).contains("MEASURES", "ACTIVITY", "SLEEP_SUMMARIES");
        assertThat(mine).allSatisfy(item -> assertThat(item.get("reason").asText()).contains(patient));
        assertThat(cursors.find(userId, DataKind.MEASURES)).as("later data is not held up").isPresent();
        JsonNode measures = mine.stream().filter(item -> item.get("kind").asText().equals("MEASURES")).findFirst().orElseThrow();
        JsonNode shown = admin("GET", "/api/v1/dead-letters/" + measures.get("id").asText(), apiKey, 200);
        assertThat(shown.get("payload").get(0).get("call").asText()).isEqualTo("/measure getmeas");
        assertThat(shown.get("payload").get(0).get("body").asText()).contains("measuregrps");

        JsonNode stillFailing = admin("POST", "/api/v1/dead-letters/" + measures.get("id").asText() + "/replay", apiKey, 409);
        assertThat(stillFailing.get("error").asText()).contains(patient);

        Patient later = new Patient();
        later.setId(patient.substring("Patient/".length()));
        fhir.update().resource(later).execute();
        for (JsonNode letter : mine) {
            admin("POST", "/api/v1/dead-letters/" + letter.get("id").asText() + "/replay", apiKey, 200);
        }
        admin("POST", "/api/v1/dead-letters/" + measures.get("id").asText() + "/replay", apiKey, 409);
        assertThat(admin("GET", "/api/v1/dead-letters/" + measures.get("id").asText(), apiKey, 200)
                .get("deadLetter").get("attempts").asInt()).as("the failed replay counted").isEqualTo(2);
        Set<String> expected = expectedObservationIds();
        assertThat(observationIdsInFhir(patient)).isEqualTo(expected);

        Observation damaged = fhir.read().resource(Observation.class).withId(expected.iterator().next()).execute();
        String mapped = damaged.getStatus().toCode();
        damaged.setStatus(Observation.ObservationStatus.CANCELLED);
        fhir.update().resource(damaged).execute();
        admin("POST", "/api/v1/remap", apiKey, 202, "{\"withingsUserId\": \"" + userId + "\"}");
        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> fhir.read().resource(Observation.class)
                .withId(damaged.getIdPart()).execute().getStatus().toCode().equals(mapped));
        assertThat(observationIdsInFhir(patient)).as("remapped, nothing twice").isEqualTo(expected);
    }

    @Test
    void waveformsArchivedBeforeTheirSignalIdWasKeptRemapToTheirOwnEcgs() throws Exception {
        control("POST", "/_emulator/users/" + userId + "/ecgs", "{\"samplingFrequency\": 300}");
        control("POST", "/_emulator/users/" + userId + "/ecgs", "{\"samplingFrequency\": 500}");
        sync.sync(userId);
        Map<String, String> waveforms = waveformsInFhir();
        assertThat(waveforms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(jdbc.sql("""
                        select count(*) from raw_response where withings_user_id = :user
                        and call_name = '/v2/heart get' and call_parameters like 'signalid=%'""")
                .param("user", userId).query(Long.class).single()).as("each waveform archived with its ECG")
                .isEqualTo(waveforms.size());
        jdbc.sql("update raw_response set call_parameters = null where withings_user_id = :user")
                .param("user", userId).update();
        for (String id : waveforms.keySet()) {
            Observation damaged = fhir.read().resource(Observation.class).withId(id).execute();
            damaged.setStatus(Observation.ObservationStatus.CANCELLED);
            fhir.update().resource(damaged).execute();
        }
        String apiKey = apiKeys.create("legacy-remap-test", java.util.EnumSet.allOf(org.iomtbridge.bridge.admin.Role.class)).key();

        admin("POST", "/api/v1/remap", apiKey, 202, "{\"withingsUserId\": \"" + userId + "\"}");

        await().atMost(java.time.Duration.ofSeconds(30)).until(() -> waveforms.keySet().stream().allMatch(id ->
                fhir.read().resource(Observation.class).withId(id).execute().getStatus()
                        != Observation.ObservationStatus.CANCELLED));
        assertThat(waveformsInFhir()).as("each waveform again under its own ECG").isEqualTo(waveforms);
    }

    @Test
    void anEcgTheMappingCannotUseWaitsInADeadLetterWhileLaterDataLands() throws Exception {
        sync.sync(userId);
        String apiKey = apiKeys.create("poison-test", java.util.EnumSet.allOf(org.iomtbridge.bridge.admin.Role.class)).key();
        long poisoned = control("POST", "/_emulator/users/" + userId + "/ecgs", "{\"samplingFrequency\": 0}")
                .get("signalid").asLong();

        sync.sync(userId);

        JsonNode open = admin("GET", "/api/v1/dead-letters?size=200", apiKey, 200);
        JsonNode letter = null;
        for (JsonNode item : open.get("items")) {
            if (item.get("withingsUserId").asText().equals(userId)) {
                letter = item;
            }
        }
        assertThat(letter).as("a dead letter for the unusable ECG").isNotNull();
        assertThat(letter.get("kind").asText()).isEqualTo("HEART");
        assertThat(letter.get("reason").asText()).contains("ECG " + poisoned).contains("sampling frequency 0");
        JsonNode payload = admin("GET", "/api/v1/dead-letters/" + letter.get("id").asText(), apiKey, 200).get("payload");
        assertThat(payload.findValuesAsText("call")).contains("/v2/heart list", "/v2/heart get");

        long good = control("POST", "/_emulator/users/" + userId + "/ecgs", "{\"samplingFrequency\": 300}")
                .get("signalid").asLong();
        control("POST", "/_emulator/users/" + userId + "/measures", "{\"type\": 1, \"value\": 77.7}");
        sync.sync(userId);
        assertThat(allObservationIdsInFhir()).as("later data is not held up")
                .contains("withings-" + userId + "-ecg-" + good + "-signal")
                .doesNotContain("withings-" + userId + "-ecg-" + poisoned + "-signal");
        assertThat(observationIdsInFhir()).isEqualTo(expectedObservationIds());

        admin("POST", "/api/v1/dead-letters/" + letter.get("id").asText() + "/replay", apiKey, 409);
        admin("DELETE", "/api/v1/dead-letters/" + letter.get("id").asText(), apiKey, 200);
        admin("DELETE", "/api/v1/dead-letters/" + letter.get("id").asText(), apiKey, 409);
    }

    private JsonNode admin(String method, String path, String apiKey, int status) throws Exception {
        return admin(method, path, apiKey, status, null);
    }

    private JsonNode admin(String method, String path, String apiKey, int status, String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isEqualTo(status);
        return JSON.readTree(answer.body());
    }

    /** The ids the emulator's current data maps to, read with the bridge's own client and mapper. */
    private Set<String> expectedObservationIds() {
        var groups = withings.client().allMeasures(tokens.load(userId).orElseThrow().accessToken(),
                MeasureQuery.everything().withCategory(1));
        WithingsFhirMapper mapper = WithingsFhirMapper.standard();
        Set<String> ids = new HashSet<>();
        mapper.toFhir(mapper.normalizer().measureGroups(userId, groups), new Reference("Patient/sync-" + userId))
                .observations().forEach(observation -> ids.add(observation.getIdPart()));
        return ids;
    }

    /** The measure-group Observations of the user in FHIR. */
    private Set<String> observationIdsInFhir() {
        return observationIdsInFhir("Patient/sync-" + userId);
    }

    private Set<String> observationIdsInFhir(String patient) {
        Set<String> ids = new HashSet<>(allObservationIdsInFhir(patient));
        ids.removeIf(id -> !id.contains("-grp-"));
        return ids;
    }

    /** The ECG waveform Observations of the user in FHIR by id, as written but for their status and version. */
    private Map<String, String> waveformsInFhir() {
        Map<String, String> waveforms = new java.util.TreeMap<>();
        for (String id : allObservationIdsInFhir()) {
            if (id.endsWith("-signal")) {
                Observation waveform = fhir.read().resource(Observation.class).withId(id).execute();
                waveform.setMeta(null);
                waveform.setIdElement(waveform.getIdElement().toUnqualifiedVersionless());
                waveform.setStatus(null);
                waveforms.put(id, fhir.getFhirContext().newJsonParser().encodeResourceToString(waveform));
            }
        }
        return waveforms;
    }

    private Set<String> allObservationIdsInFhir() {
        return allObservationIdsInFhir("Patient/sync-" + userId);
    }

    private Set<String> allObservationIdsInFhir(String patient) {
        Set<String> ids = new HashSet<>();
        Bundle page = fhir.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId(patient)).count(500).returnBundle(Bundle.class).execute();
        while (true) {
            page.getEntry().forEach(entry -> ids.add(entry.getResource().getIdElement().getIdPart()));
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                return ids;
            }
            page = fhir.loadPage().next(page).execute();
        }
    }

    private static JsonNode control(String method, String path, String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(SharedServers.emulatorBaseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 299);
        return JSON.readTree(answer.body());
    }

}
