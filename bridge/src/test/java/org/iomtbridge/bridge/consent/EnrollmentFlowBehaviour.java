package org.iomtbridge.bridge.consent;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.admin.ApiKeys;
import org.iomtbridge.bridge.fhirwrite.FhirWriterConfiguration;
import org.iomtbridge.bridge.fhirwrite.FhirWriterProperties;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.iomtbridge.bridge.support.SharedServers;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.withings.model.NotificationCategory;
import org.iomtbridge.withings.model.NotificationSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.bridge.support.Browser.redirectOf;
import static org.iomtbridge.bridge.support.Browser.query;
import static org.awaitility.Awaitility.await;

/**
 * A patient's way in, over HTTP, as a browser goes: enrollment link → consent page → Withings' page (the emulator,
 * as a process) → callback → linked, subscribed, backfilled into FHIR. And every way it can go wrong.
 */
abstract class EnrollmentFlowBehaviour extends BridgeTest {

    private static final Browser BROWSER = new Browser("FlowTest/1.0");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static int bridgePort;

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    AccountStore accounts;
    @Autowired
    TokenStore tokens;
    @Autowired
    WithingsClients withings;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    org.iomtbridge.bridge.withings.AccessTokens accessTokens;
    @Autowired
    ConsentProperties properties;
    @Autowired
    org.iomtbridge.bridge.webhook.Subscriptions subscriptions;

    private String apiKey;
    private IGenericClient fhir;
    private EnrollmentSteps steps;

    static void bridgeAndServers(DynamicPropertyRegistry registry) {
        bridgePort = EnrollmentSteps.bridgeAndServers(registry);
    }

    @BeforeEach
    void adminAndFhir() {
        apiKey = apiKeys.create("test", java.util.EnumSet.allOf(org.iomtbridge.bridge.admin.Role.class)).key();
        fhir = FhirWriterConfiguration.client(new FhirWriterProperties(SharedServers.fhirBaseUrl(), 0, null, 0, null,
                null, null, null));
        steps = new EnrollmentSteps("http://127.0.0.1:" + bridgePort, apiKey, fhir);
    }

    @Test
    void aPatientConsentsAndTheirDataReachesFhir() throws Exception {
        String patient = "enrolled-" + System.nanoTime();
        fhir.update().resource(patientResource(patient)).execute();
        long userid = emulator().newUser(5);

        String link = enroll("Patient/" + patient);
        HttpResponse<String> consentPage = get(link);
        assertThat(consentPage.statusCode()).isEqualTo(200);
        assertThat(consentPage.body()).contains("Recipient: your care team").contains("I agree");

        URI withingsPage = redirectOf(post(link, "accept"));
        assertThat(withingsPage.toString()).startsWith(SharedServers.emulatorBaseUrl() + "/oauth2_user/authorize2");
        URI callback = redirectOf(emulator().answerAuthorization(withingsPage, userid, "accept"));
        assertThat(callback.toString()).startsWith("http://127.0.0.1:" + bridgePort + "/oauth/callback");

        HttpResponse<String> done = get(callback.toString());
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("You are connected");

        String user = String.valueOf(userid);
        assertThat(accounts.find(user)).hasValueSatisfying(account -> {
            assertThat(account.patientReference()).isEqualTo("Patient/" + patient);
            assertThat(account.status()).isEqualTo(AccountStatus.ACTIVE);
        });
        assertThat(tokens.load(user)).isPresent();
        Map<String, Object> consent = jdbc.sql("select text_version, text_sha256, user_agent, scopes from consent"
                + " where withings_user_id = :user").param("user", user).query().singleRow();
        assertThat(consent.get("text_sha256").toString()).hasSize(64);
        assertThat(consent.get("scopes")).isEqualTo("user.activity,user.info,user.metrics");
        assertThat(get(link).statusCode()).as("the link was used").isEqualTo(410);
        assertThat(get(callback.toString()).statusCode()).as("the state was spent").isEqualTo(400);

        await().atMost(Duration.ofSeconds(30)).until(() -> emulator().subscribedApplis(userid).size() == 7);
        List<NotificationSubscription> subscriptions = withings.client()
                .subscriptions(tokens.load(user).orElseThrow().accessToken(), Optional.empty());
        assertThat(subscriptions).extracting(NotificationSubscription::appli).containsExactlyInAnyOrder(1, 2, 4, 54, 16, 44, 46);
        assertThat(subscriptions).allSatisfy(subscription -> assertThat(subscription.callbackUrl().toString())
                .isEqualTo("http://127.0.0.1:" + bridgePort + "/webhooks/withings/" + WEBHOOK_SECRET));

        await().atMost(Duration.ofSeconds(60)).until(() -> observations(patient) > 20);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> fhirConsentStatus(userid)
                == org.hl7.fhir.r4.model.Consent.ConsentState.ACTIVE);
        assertThat(fhir.read().resource(org.hl7.fhir.r4.model.Consent.class).withId("withings-consent-" + userid)
                .execute().getPatient().getReference()).isEqualTo("Patient/" + patient);

        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("select count(*) from withings_account"
                + " where withings_user_id = :user and last_synced_at is not null").param("user", user)
                .query(Long.class).single() == 1);
        EnrollmentSteps.awaitBackfillFinished(jdbc, user);
        // The sync owed by the new subscriptions (what changed before them) is over too.
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from notification_inbox"
                + " where withings_user_id = :user and status = 'PENDING'").param("user", user)
                .query(Long.class).single() == 0);
        java.sql.Timestamp beforeWeighIn = new java.sql.Timestamp(System.currentTimeMillis());
        long added = emulator().addMeasure(userid, 1, new java.math.BigDecimal("91.25"));
        String weightId = "withings-" + userid + "-grp-" + added + "-1";
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                fhir.read().resource(Observation.class).withId(weightId).execute().getValueQuantity().getValue()
                        .compareTo(new java.math.BigDecimal("91.25")) == 0);
        assertThat(jdbc.sql("select count(*) from notification_inbox where withings_user_id = :user and appli = 1")
                .param("user", user).query(Long.class).single()).as("the notification went through the inbox").isPositive();
        assertThat(jdbc.sql("select distinct call_name from raw_response where withings_user_id = :user"
                        + " and received_at >= :since").param("user", user).param("since", beforeWeighIn)
                .query(String.class).list()).as("a weigh-in's notification asks Withings for measures only")
                .containsExactly("/measure getmeas");

        emulator().unlink(userid);

        await().atMost(Duration.ofSeconds(10)).until(() -> accounts.find(user).orElseThrow().status() == AccountStatus.REVOKED);
        assertThat(tokens.load(user)).as("the tokens are destroyed").isEmpty();
        assertThat(jdbc.sql("select status from consent where withings_user_id = :user").param("user", user)
                .query(String.class).single()).isEqualTo("REVOKED");
        assertThat(jdbc.sql("select e.detail from consent_event e join consent c on c.id = e.consent_id"
                + " where c.withings_user_id = :user and e.event = 'REVOKED'").param("user", user)
                .query(String.class).single()).isEqualTo("user unlink in Withings");
        if (properties.revocation().eraseData()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> observations(patient) == 0);
        } else {
            assertThat(observations(patient)).as("data already in FHIR is kept").isGreaterThan(20);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fhirConsentStatus(userid)
                == org.hl7.fhir.r4.model.Consent.ConsentState.INACTIVE);
    }

    private org.hl7.fhir.r4.model.Consent.ConsentState fhirConsentStatus(long userid) {
        return fhir.read().resource(org.hl7.fhir.r4.model.Consent.class).withId("withings-consent-" + userid).execute()
                .getStatus();
    }

    @Test
    void theCareTeamRevokesAConsentThroughTheAdminApi() throws Exception {
        String patient = "revoked-" + System.nanoTime();
        fhir.update().resource(patientResource(patient)).execute();
        long userid = emulator().newUser(5);
        connect("Patient/" + patient, userid);
        String user = String.valueOf(userid);
        assertThat(tokens.load(user)).isPresent();

        String consentUrl = "http://127.0.0.1:" + bridgePort + "/api/v1/consents/" + user;
        HttpResponse<String> revoked = BROWSER.json("DELETE", consentUrl, apiKey, null);

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(tokens.load(user)).isEmpty();
        assertThat(accounts.find(user).orElseThrow().status()).isEqualTo(AccountStatus.REVOKED);
        assertThat(BROWSER.json("DELETE", consentUrl, apiKey, null).statusCode()).isEqualTo(404);
        JsonNode view = JSON.readTree(BROWSER.json("GET", consentUrl, apiKey, null).body());
        assertThat(view.get("status").asText()).isEqualTo("REVOKED");
        assertThat(view.get("tokensHeld").asBoolean()).isFalse();
        assertThat(view.get("consents").get(0).get("events").findValuesAsText("detail"))
                .containsExactly("text version 1", "revoked through the admin API");
    }

    @Test
    void thePatientsOwnLinkShowsTheConsentReconnectsWhenWithingsRefusesTheTokenAndWithdraws() throws Exception {
        long userid = emulator().newUser(0);
        String user = String.valueOf(userid);
        String patient = "Patient/own-" + System.nanoTime();
        String own = ownLink(connect(patient, userid));
        assertThat(get(own).body()).contains("Connected since").contains("Withdraw my consent");

        tokens.save(user, new TokenStore.Tokens(new org.iomtbridge.withings.AccessToken("expired"),
                new org.iomtbridge.withings.RefreshToken("no-longer-accepted"), java.time.Instant.now().minusSeconds(60)),
                java.time.Instant.now());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> accessTokens.valid(user))
                .isInstanceOf(org.iomtbridge.bridge.withings.AccessTokens.ReauthorizationNeeded.class);
        assertThat(accounts.find(user).orElseThrow().status()).isEqualTo(AccountStatus.REAUTHORIZATION_NEEDED);
        assertThat(get(own).body()).contains("Re-authorization needed").contains("Connect again");

        URI consentAgain = redirectOf(BROWSER.postForm(own, Map.of("action", "reconnect")));
        URI withingsPage = redirectOf(post(consentAgain.toString(), "accept"));
        assertThat(get(redirectOf(emulator().answerAuthorization(withingsPage, userid, "accept")).toString()).body())
                .contains("You are connected");
        assertThat(accounts.find(user).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(accessTokens.valid(user).value()).isNotEqualTo("expired");
        assertThat(jdbc.sql("select status from consent where withings_user_id = :user order by id").param("user", user)
                .query(String.class).list()).containsExactly("SUPERSEDED", "ACTIVE");

        HttpResponse<String> withdrawn = BROWSER.postForm(own, Map.of("action", "withdraw"));
        assertThat(withdrawn.body()).contains("Your consent is withdrawn");
        assertThat(accounts.find(user).orElseThrow().status()).isEqualTo(AccountStatus.REVOKED);
        assertThat(tokens.load(user)).isEmpty();
        assertThat(get(own).body()).contains("Withdrawn: nothing more is shared");
        assertThat(get(own.replaceAll(".$", "x")).statusCode()).as("a link with one character changed").isEqualTo(404);
    }

    @Test
    void aPersonEnrollsThemselvesAndTheirPatientIsCreatedOnlyOnceTheyConsent() throws Exception {
        String base = "http://127.0.0.1:" + bridgePort;
        String family = "Selfenrolled" + System.nanoTime();
        assertThat(get(base + "/join").body()).contains("Birth date");
        assertThat(BROWSER.postForm(base + "/join", Map.of("given", "Ada", "family", family, "birthDate", "1955-13-40"))
                .statusCode()).isEqualTo(400);

        URI consentPage = redirectOf(BROWSER.postForm(base + "/join",
                Map.of("given", "Ada", "family", family, "birthDate", "1955-12-10")));
        assertThat(get(consentPage.toString()).body()).contains("I agree");
        assertThat(patientsNamed(family)).as("nothing in FHIR before the consent").isEmpty();

        long userid = emulator().newUser(2);
        URI withingsPage = redirectOf(post(consentPage.toString(), "accept"));
        assertThat(get(redirectOf(emulator().answerAuthorization(withingsPage, userid, "accept")).toString()).body())
                .contains("You are connected");

        List<Patient> created = patientsNamed(family);
        assertThat(created).hasSize(1);
        assertThat(created.get(0).getBirthDateElement().getValueAsString()).isEqualTo("1955-12-10");
        String patient = "Patient/" + created.get(0).getIdElement().getIdPart();
        assertThat(accounts.find(String.valueOf(userid)).orElseThrow().patientReference()).isEqualTo(patient);
        await().atMost(Duration.ofSeconds(60)).until(() -> observations(patient.substring("Patient/".length())) > 0);
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void operatorsSeeHealthMetricsTheApiDescriptionAndJsonLogsWithACorrelationIdPerSync(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        long userid = emulator().newUser(2);
        String patient = "metrics-" + System.nanoTime();
        connect("Patient/" + patient, userid);
        await().atMost(Duration.ofSeconds(60)).until(() -> observations(patient) > 0);
        long added = emulator().addMeasure(userid, 1, new java.math.BigDecimal("66.6"));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> fhir.read().resource(Observation.class)
                .withId("withings-" + userid + "-grp-" + added + "-1").execute() != null);
        String base = "http://127.0.0.1:" + bridgePort;

        assertThat(get(base + "/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get(base + "/actuator/prometheus").statusCode()).as("metrics need a caller").isEqualTo(401);
        // The sync that wrote the weigh-in counts itself once it has finished, just after the write.
        await().atMost(Duration.ofSeconds(10)).until(() -> BROWSER.json("GET", base + "/actuator/prometheus", apiKey,
                null).body().contains("iomt_syncs_total{outcome=\"ok\"}"));
        String metrics = BROWSER.json("GET", base + "/actuator/prometheus", apiKey, null).body();
        assertThat(metrics)
                .contains("iomt_notifications_received_total{outcome=\"accepted\"}")
                .contains("iomt_withings_calls_seconds_count{call=\"/measure getmeas\",outcome=\"status 0\"}")
                .contains("iomt_fhir_writes_seconds_count{outcome=\"ok\"}")
                .contains("iomt_fhir_resources_written_total")
                .contains("iomt_syncs_total{outcome=\"ok\"}")
                .contains("iomt_measurement_lag_seconds_count")
                .contains("iomt_dead_letters_open");
        assertThat(metrics).as("no user, patient or token in a metric").doesNotContain(String.valueOf(userid))
                .doesNotContain(patient);

        String api = BROWSER.json("GET", base + "/v3/api-docs", apiKey, null).body();
        assertThat(api).contains("/api/v1/enrollments", "/api/v1/consents/{withingsUserId}", "/api/v1/dead-letters",
                "/api/v1/remap");

        List<JsonNode> syncLines = new java.util.ArrayList<>();
        for (String line : output.getOut().split("\n")) {
            if (line.startsWith("{") && line.contains("Synced Withings user " + userid)) {
                syncLines.add(JSON.readTree(line));
            }
        }
        assertThat(syncLines).as("one JSON object per line").isNotEmpty();
        assertThat(syncLines).allSatisfy(line -> {
            assertThat(line.get("sync").asText()).hasSize(36);
            assertThat(line.get("withingsUser").asText()).isEqualTo(String.valueOf(userid));
        });
    }

    @Test
    void subscriptionsWithingsDroppedAreMadeAgainByTheCheck() throws Exception {
        long userid = emulator().newUser(0);
        String user = String.valueOf(userid);
        connect("Patient/subscribed-" + System.nanoTime(), userid);
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator().subscribedApplis(userid).size() == 7);
        var token = tokens.load(user).orElseThrow().accessToken();
        java.net.URI callback = java.net.URI.create("http://127.0.0.1:" + bridgePort + "/webhooks/withings/" + WEBHOOK_SECRET);
        withings.client().revokeSubscription(token, callback, NotificationCategory.WEIGHT);
        withings.client().revokeSubscription(token, callback, NotificationCategory.SLEEP);

        org.iomtbridge.bridge.webhook.Subscriptions.Check check = subscriptions.ensure(user, token,
                accounts.find(user).orElseThrow().scopes());

        assertThat(check.made()).containsExactly(NotificationCategory.WEIGHT, NotificationCategory.SLEEP);
        assertThat(check.failed()).isEmpty();
        assertThat(withings.client().subscriptions(token, Optional.empty()))
                .extracting(NotificationSubscription::appli).containsExactlyInAnyOrder(1, 2, 4, 54, 16, 44, 46);
        assertThat(subscriptions.ensure(user, token, accounts.find(user).orElseThrow().scopes()).made())
                .as("nothing to repair the second time").isEmpty();
    }

    /**
     * A try of a new patient's subscriptions can make some and still fail, or Withings makes one and its answer is lost:
     * the next try finds them listed. A measure taken before they existed reaches FHIR once the last try succeeds.
     */
    @Test
    void subscriptionsAnEarlierTryMadeAreReportedByTheTryThatCompletesThem() throws Exception {
        long userid = emulator().newUser(0);
        String user = String.valueOf(userid);
        connect("Patient/retried-" + System.nanoTime(), userid);
        await().atMost(Duration.ofSeconds(30)).until(() -> emulator().subscribedApplis(userid).size() == 7);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from notification_inbox"
                + " where withings_user_id = :user and status = 'PENDING'").param("user", user).query(Long.class)
                .single() == 0);
        var token = tokens.load(user).orElseThrow().accessToken();
        java.net.URI callback = java.net.URI.create("http://127.0.0.1:" + bridgePort + "/webhooks/withings/" + WEBHOOK_SECRET);
        List<NotificationSubscription> made = withings.client().subscriptions(token, Optional.empty());
        for (NotificationSubscription subscription : made) {
            withings.client().revokeSubscription(token, callback, subscription.knownCategory().orElseThrow());
        }
        // Taken while no subscription exists: Withings tells no one.
        long unseen = emulator().addMeasure(userid, 1, new java.math.BigDecimal("68.9"));
        // An earlier try's subscriptions, made at Withings but never answered to the bridge.
        for (NotificationSubscription subscription : made) {
            withings.client().subscribe(token, callback, subscription.knownCategory().orElseThrow(), "iomt-bridge");
        }

        org.iomtbridge.bridge.webhook.Subscriptions.Check check = subscriptions.subscribeNewUser(user, token,
                accounts.find(user).orElseThrow().scopes());

        assertThat(check.made()).as("every category was there already").isEmpty();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> fhir.read().resource(Observation.class)
                .withId("withings-" + userid + "-grp-" + unseen + "-1").execute() != null);
    }

    /**
     * Withings takes 25 s for every notify call (and probes the webhook before each subscription): the patient's
     * page does not wait for the seven subscriptions, the data reaches FHIR before they are made, and a measure taken
     * while none exists yet — so Withings tells no one of it — reaches FHIR all the same once they are.
     */
    @Test
    void theConsentAnswersAtOnceAndTheDataComesBeforeSlowSubscriptions() throws Exception {
        String patient = "eager-" + System.nanoTime();
        long userid = emulator().newUser(5);
        String user = String.valueOf(userid);
        URI withingsPage = EnrollmentSteps.accept(BROWSER, enroll("Patient/" + patient));
        URI callback = EnrollmentSteps.authorize(withingsPage, userid);
        long between;
        emulator().faults("{\"notifyLatencyMillis\": 25000}");
        try {
            HttpResponse<String> connected = get(callback.toString());

            assertThat(connected.body()).contains("You are connected");
            assertThat(emulator().subscribedApplis(userid)).as("the page answered before any subscription").isEmpty();
            await().atMost(Duration.ofSeconds(60)).until(() -> observations(patient) > 0);
            // The backfill has fetched and written the measures: what is taken now is past its cursor.
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("select count(*) from sync_cursor"
                    + " where withings_user_id = :user and data_kind = 'MEASURES'").param("user", user)
                    .query(Long.class).single() == 1);
            between = emulator().addMeasure(userid, 1, new java.math.BigDecimal("71.3"));
            assertThat(emulator().subscribedApplis(userid)).as("still none: Withings tells no one of the measure")
                    .isEmpty();
        } finally {
            emulator().clearFaults();
        }
        await().atMost(Duration.ofSeconds(180)).until(() -> emulator().subscribedApplis(userid)
                .equals(java.util.Set.of(1, 2, 4, 16, 44, 46, 54)));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> fhir.read().resource(Observation.class)
                .withId("withings-" + userid + "-grp-" + between + "-1").execute() != null);
    }

    @Test
    void everyFailureHasItsPage() throws Exception {
        String link = enroll("Patient/nowhere-" + System.nanoTime());
        assertThat(post(link, "decline").body()).contains("Nothing was shared");

        URI authorizeUrl = redirectOf(post(link, "accept"));
        URI denied = redirectOf(emulator().answerAuthorization(authorizeUrl, emulator().newUser(5), "deny"));
        HttpResponse<String> deniedPage = get(denied.toString());
        assertThat(deniedPage.statusCode()).isEqualTo(200);
        assertThat(deniedPage.body()).contains("You did not authorize at Withings");

        HttpResponse<String> forged = get("http://127.0.0.1:" + bridgePort + "/oauth/callback?code=abc&state=forged");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("expired or was already used");

        Map<String, String> again = query(redirectOf(post(link, "accept")));
        HttpResponse<String> badCode = get("http://127.0.0.1:" + bridgePort + "/oauth/callback?code=not-a-code&state="
                + again.get("state"));
        assertThat(badCode.statusCode()).isEqualTo(502);
        assertThat(badCode.body()).contains("Withings did not confirm");

        assertThat(get("http://127.0.0.1:" + bridgePort + "/enroll/not-a-token").statusCode()).isEqualTo(410);
    }

    @Test
    void theAdminApiRefusesRequestsWithoutAKey() throws Exception {
        HttpResponse<String> refused = BROWSER.json("POST", "http://127.0.0.1:" + bridgePort + "/api/v1/enrollments",
                null, "{\"patient\": \"Patient/1\"}");
        assertThat(refused.statusCode()).isEqualTo(401);

        HttpResponse<String> bad = api("{\"patient\": \"Practitioner/1\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Patient/123");

        HttpResponse<String> unknown = api("{\"patient\": \"Patient/never-created-" + System.nanoTime() + "\"}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("create the Patient first");
    }

    private String connect(String patient, long userid) {
        return steps.connect(BROWSER, patient, userid);
    }

    private static String ownLink(String connectedPage) {
        return EnrollmentSteps.ownLink(connectedPage);
    }

    private String enroll(String patient) {
        return steps.enroll(patient);
    }

    private HttpResponse<String> api(String body) {
        return BROWSER.json("POST", "http://127.0.0.1:" + bridgePort + "/api/v1/enrollments", apiKey, body);
    }

    private static EmulatorControl emulator() {
        return new EmulatorControl(SharedServers.emulatorBaseUrl());
    }

    private static HttpResponse<String> get(String url) {
        return BROWSER.get(url);
    }

    private static HttpResponse<String> post(String url, String decision) {
        return BROWSER.postForm(url, Map.of("decision", decision));
    }

    private int observations(String patient) {
        return fhir.search().forResource(Observation.class).where(Observation.SUBJECT.hasId("Patient/" + patient))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute().getTotal();
    }

    private List<Patient> patientsNamed(String family) {
        return fhir.search().forResource(Patient.class).where(Patient.FAMILY.matchesExactly().value(family))
                .returnBundle(Bundle.class).execute().getEntry().stream().map(entry -> (Patient) entry.getResource())
                .toList();
    }

    private static Patient patientResource(String id) {
        Patient patient = new Patient();
        patient.setId(id);
        return patient;
    }

}
