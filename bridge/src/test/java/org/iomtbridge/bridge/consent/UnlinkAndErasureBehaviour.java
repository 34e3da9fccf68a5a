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
import org.iomtbridge.bridge.tokens.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a notification of an unlink can do, with the emulator as Withings and a real FHIR server: a forged one (the
 * webhook URL leaked) revokes nothing while Withings still accepts the user's token; a real one revokes; an erasure
 * waits out its grace period. And one odd notification among many does not fail its neighbours.
 */
abstract class UnlinkAndErasureBehaviour extends BridgeTest {

    static final Browser BROWSER = new Browser("UnlinkTest/1.0");
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    AccountStore accounts;
    @Autowired
    TokenStore tokens;
    @Autowired
    JdbcClient jdbc;
    @Value("${server.port}")
    int port;

    String apiKey;
    IGenericClient fhir;
    EnrollmentSteps steps;

    /** The bridge of the enrollment flow tests, with its data erased when a consent ends. */
    static void bridgeAndServers(DynamicPropertyRegistry registry) {
        EnrollmentFlowBehaviour.bridgeAndServers(registry);
        registry.add("iomt.revocation.erase-data", () -> true);
    }

    @BeforeEach
    void adminAndFhir() {
        apiKey = apiKeys.create("test", java.util.EnumSet.allOf(org.iomtbridge.bridge.admin.Role.class)).key();
        fhir = FhirWriterConfiguration.client(new FhirWriterProperties(SharedServers.fhirBaseUrl(), 0, null, 0, null,
                null, null, null));
        steps = new EnrollmentSteps(base(), apiKey, fhir);
    }

    @Test
    void aForgedUnlinkRevokesNothingWhileWithingsAcceptsTheTokenAndTheRealOneAfterItRevokes() throws Exception {
        Connected connected = connectAndBackfill("forged");
        String user = connected.user();

        HttpResponse<String> forged = webhook("userid=" + user + "&appli=46&action=unlink");
        assertThat(forged.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "UNCONFIRMED".equals(unlinkStatus(user)));

        assertThat(accounts.find(user).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(tokens.load(user)).as("the tokens are kept").isPresent();
        assertThat(consentStatus(user)).isEqualTo("ACTIVE");
        assertThat(audit(user, "notification.unlink.unconfirmed")).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("actor_type", "WITHINGS").containsEntry("outcome", "REFUSED")
                    .containsEntry("patient", connected.patient());
            assertThat(row.get("detail").toString()).contains("unlink").contains("still accepts");
        });
        assertThat(audit(user, "consent.revoked")).isEmpty();
        assertThat(pendingErasures()).as("nothing to erase").noneMatch(erasure -> erasure.get("withingsUserId")
                .asText().equals(user));
        long weighIn = emulator().addMeasure(connected.userid(), 1, new BigDecimal("77.7"));
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> fhir.read().resource(Observation.class)
                .withId("withings-" + user + "-grp-" + weighIn + "-1").execute() != null);

        // The real unlink is told under the same identity as the forged one: it is checked again, and holds.
        emulator().unlink(connected.userid());

        // The revocation commits first; the sync that confirmed it then marks the notification processed.
        await().atMost(Duration.ofSeconds(15)).until(() -> accounts.find(user).orElseThrow().status()
                == AccountStatus.REVOKED && "PROCESSED".equals(unlinkStatus(user)));
        assertThat(tokens.load(user)).isEmpty();
        assertThat(consentStatus(user)).isEqualTo("REVOKED");
        assertThat(audit(user, "consent.revoked")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actor_type", "WITHINGS").containsEntry("detail", "user unlink in Withings"));
        assertThat(audit(user, "erasure.scheduled")).hasSize(1);
    }

    @Test
    void aForgedUnlinkOfAConnectionWithingsAlreadyRefusedRevokesAndErasesNothing() throws Exception {
        Connected connected = connectAndBackfill("lapsed");
        String user = connected.user();
        // The patient changed their Withings password: Withings refuses the bridge's tokens, and the account waits
        // for them to authorize again. A refused token now says nothing about who posted an unlink.
        tokens.save(user, new TokenStore.Tokens(new org.iomtbridge.withings.AccessToken("ended-by-a-password-change"),
                new org.iomtbridge.withings.RefreshToken("ended-by-a-password-change"),
                java.time.Instant.now().plusSeconds(3600)), java.time.Instant.now());
        accounts.setStatus(user, AccountStatus.REAUTHORIZATION_NEEDED, java.time.Instant.now());

        assertThat(webhook("userid=" + user + "&appli=46&action=unlink").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "UNCONFIRMED".equals(unlinkStatus(user)));

        assertThat(accounts.find(user).orElseThrow().status()).isEqualTo(AccountStatus.REAUTHORIZATION_NEEDED);
        assertThat(tokens.load(user)).as("the tokens are kept for the patient's reconnect").isPresent();
        assertThat(audit(user, "consent.revoked")).isEmpty();
        assertThat(audit(user, "notification.unlink.unconfirmed")).singleElement().satisfies(row ->
                assertThat(row.get("detail").toString()).contains("cannot confirm"));
        assertThat(pendingErasures()).noneMatch(erasure -> erasure.get("withingsUserId").asText().equals(user));
    }

    @Test
    void oneNotificationOutOfRangeAmongManyIsRejectedAloneAndTheOthersAreSynced() throws Exception {
        Connected connected = connectAndBackfill("batch");
        String user = connected.user();
        long weighIn = emulator().addMeasure(connected.userid(), 1, new BigDecimal("81.5"));
        long now = Instant.now().getEpochSecond();
        List<String> forms = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            forms.add("userid=" + user + "&appli=1&startdate=" + (now - 100 - i) + "&enddate=" + (now - 100 - i));
            if (i == 20) {
                forms.add("userid=" + user + "&appli=16&date=%2B10000-01-01");
            }
        }

        List<CompletableFuture<HttpResponse<String>>> answers = forms.stream().map(form -> HTTP.sendAsync(
                webhookRequest(form), HttpResponse.BodyHandlers.ofString())).toList();

        for (int i = 0; i < forms.size(); i++) {
            HttpResponse<String> answer = answers.get(i).get();
            assertThat(answer.statusCode()).as(forms.get(i) + ": " + answer.body()).isEqualTo(200);
            if (forms.get(i).contains("date=%2B")) {
                assertThat(answer.body()).startsWith("rejected: date must be between 2000-01-01 and ")
                        .endsWith(", was '+10000-01-01'\n");
            } else {
                assertThat(answer.body()).isEqualTo("accepted\n");
            }
        }
        assertThat(jdbc.sql("select problem from notification_inbox where status = 'REJECTED'"
                        + " and raw_form = :raw").param("raw", "userid=" + user + "&appli=16&date=%2B10000-01-01")
                .query(String.class).single()).startsWith("date must be between 2000-01-01 and ");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from notification_inbox"
                        + " where withings_user_id = :user and appli = 1 and status = 'PROCESSED' and start_date < :recent")
                .param("user", user).param("recent", now - 99).query(Integer.class).single() == 40);
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> fhir.read().resource(Observation.class)
                .withId("withings-" + user + "-grp-" + weighIn + "-1").execute() != null);
    }

    record Connected(long userid, String user, String patient) {
    }

    /** A new emulator user with two days of history, enrolled for a new Patient, backfilled into FHIR. */
    Connected connectAndBackfill(String prefix) {
        String id = prefix + "-" + System.nanoTime();
        long userid = emulator().newUser(2);
        steps.connect(BROWSER, "Patient/" + id, userid);
        String user = String.valueOf(userid);
        await().atMost(Duration.ofSeconds(60)).until(() -> observations(id) > 0 && jdbc.sql(
                "select count(*) from withings_account where withings_user_id = :user and last_synced_at is not null")
                .param("user", user).query(Long.class).single() == 1);
        EnrollmentSteps.awaitBackfillFinished(jdbc, user);
        return new Connected(userid, user, "Patient/" + id);
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    static EmulatorControl emulator() {
        return new EmulatorControl(SharedServers.emulatorBaseUrl());
    }

    int observations(String patientId) {
        return fhir.search().forResource(Observation.class).where(Observation.SUBJECT.hasId("Patient/" + patientId))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute().getTotal();
    }

    String unlinkStatus(String user) {
        return jdbc.sql("select status from notification_inbox where withings_user_id = :user and appli = 46")
                .param("user", user).query(String.class).optional().orElse(null);
    }

    String consentStatus(String user) {
        return jdbc.sql("select status from consent where withings_user_id = :user").param("user", user)
                .query(String.class).single();
    }

    List<Map<String, Object>> audit(String user, String action) {
        return jdbc.sql("select actor_type, actor, outcome, patient, detail from audit_event"
                        + " where withings_user_id = :user and action = :action order by id")
                .param("user", user).param("action", action).query().listOfRows();
    }

    List<JsonNode> pendingErasures() throws IOException {
        HttpResponse<String> listed = BROWSER.json("GET", base() + "/api/v1/erasures", apiKey, null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        List<JsonNode> erasures = new ArrayList<>();
        JSON.readTree(listed.body()).forEach(erasures::add);
        return erasures;
    }

    HttpResponse<String> webhook(String form) throws IOException, InterruptedException {
        return HTTP.send(webhookRequest(form), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest webhookRequest(String form) {
        return HttpRequest.newBuilder(URI.create(base() + "/webhooks/withings/" + WEBHOOK_SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }
}
