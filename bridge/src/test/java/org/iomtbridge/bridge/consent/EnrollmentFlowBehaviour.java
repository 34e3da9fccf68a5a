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
import org.iomtbridge.bridge.support.SharedServers;
import org.iomtbridge.bridge.sync.WithingsClients;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.withings.model.NotificationSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A patient's way in, over HTTP, as a browser goes: enrollment link → consent page → Withings' page (the emulator,
 * as a process) → callback → linked, subscribed, backfilled into FHIR. And every way it can go wrong.
 */
abstract class EnrollmentFlowBehaviour extends BridgeTest {

    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
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

    private String apiKey;
    private IGenericClient fhir;

    static void bridgeAndServers(DynamicPropertyRegistry registry) {
        try (ServerSocket socket = new ServerSocket(0)) {
            bridgePort = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        registry.add("server.port", () -> bridgePort);
        registry.add("iomt.public-base-url", () -> "http://127.0.0.1:" + bridgePort);
        registry.add("iomt.withings.endpoints", SharedServers::emulatorBaseUrl);
        registry.add("iomt.withings.client-id", () -> SharedServers.CLIENT_ID);
        registry.add("iomt.withings.client-secret", () -> SharedServers.CLIENT_SECRET);
        registry.add("iomt.fhir.base-url", SharedServers::fhirBaseUrl);
    }

    @BeforeEach
    void adminAndFhir() {
        apiKey = apiKeys.create("test");
        fhir = FhirWriterConfiguration.client(new FhirWriterProperties(SharedServers.fhirBaseUrl(), 0, null, 0, null,
                null, null));
    }

    @Test
    void aPatientConsentsAndTheirDataReachesFhir() throws Exception {
        String patient = "enrolled-" + System.nanoTime();
        fhir.update().resource(patientResource(patient)).execute();
        long userid = newEmulatorUser();

        String link = enroll("Patient/" + patient);
        HttpResponse<String> consentPage = get(link);
        assertThat(consentPage.statusCode()).isEqualTo(200);
        assertThat(consentPage.body()).contains("Recipient: your care team").contains("I agree");

        URI withingsPage = redirectOf(post(link, "decision=accept"));
        assertThat(withingsPage.toString()).startsWith(SharedServers.emulatorBaseUrl() + "/oauth2_user/authorize2");
        Map<String, String> authorize = query(withingsPage);
        URI callback = redirectOf(consentAtWithings(authorize, userid, "accept"));
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

        List<NotificationSubscription> subscriptions = withings.client()
                .subscriptions(tokens.load(user).orElseThrow().accessToken(), OptionalInt.empty());
        assertThat(subscriptions).extracting(NotificationSubscription::appli).containsExactlyInAnyOrder(1, 2, 4, 54, 16, 44, 46);
        assertThat(subscriptions).allSatisfy(subscription -> assertThat(subscription.callbackUrl().toString())
                .isEqualTo("http://127.0.0.1:" + bridgePort + "/webhooks/withings/" + WEBHOOK_SECRET));

        await().atMost(Duration.ofSeconds(60)).until(() -> observations(patient) > 20);
        org.hl7.fhir.r4.model.Consent fhirConsent = fhir.read().resource(org.hl7.fhir.r4.model.Consent.class)
                .withId("withings-consent-" + userid).execute();
        assertThat(fhirConsent.getStatus()).isEqualTo(org.hl7.fhir.r4.model.Consent.ConsentState.ACTIVE);
        assertThat(fhirConsent.getPatient().getReference()).isEqualTo("Patient/" + patient);

        HttpResponse<String> added = BROWSER.send(HttpRequest.newBuilder(URI.create(SharedServers.emulatorBaseUrl()
                        + "/_emulator/users/" + userid + "/measures")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\": 1, \"value\": 91.25}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String weightId = "withings-" + userid + "-grp-" + JSON.readTree(added.body()).get("grpid").asText() + "-1";
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                fhir.read().resource(Observation.class).withId(weightId).execute().getValueQuantity().getValue()
                        .compareTo(new java.math.BigDecimal("91.25")) == 0);
        assertThat(jdbc.sql("select count(*) from notification_inbox where withings_user_id = :user and appli = 1")
                .param("user", user).query(Long.class).single()).as("the notification went through the inbox").isPositive();

        BROWSER.send(HttpRequest.newBuilder(URI.create(SharedServers.emulatorBaseUrl() + "/_emulator/users/" + userid
                + "/unlink")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        await().atMost(Duration.ofSeconds(10)).until(() -> accounts.find(user).orElseThrow().status() == AccountStatus.REVOKED);
        assertThat(tokens.load(user)).as("the tokens are destroyed").isEmpty();
        assertThat(jdbc.sql("select status from consent where withings_user_id = :user").param("user", user)
                .query(String.class).single()).isEqualTo("REVOKED");
        assertThat(jdbc.sql("select e.detail from consent_event e join consent c on c.id = e.consent_id"
                + " where c.withings_user_id = :user and e.event = 'REVOKED'").param("user", user)
                .query(String.class).single()).isEqualTo("user unlink in Withings");
        assertThat(observations(patient)).as("data already in FHIR is kept").isGreaterThan(20);
        assertThat(fhir.read().resource(org.hl7.fhir.r4.model.Consent.class).withId("withings-consent-" + userid)
                .execute().getStatus()).isEqualTo(org.hl7.fhir.r4.model.Consent.ConsentState.INACTIVE);
    }

    @Test
    void theCareTeamRevokesAConsentThroughTheAdminApi() throws Exception {
        String patient = "revoked-" + System.nanoTime();
        fhir.update().resource(patientResource(patient)).execute();
        long userid = newEmulatorUser();
        String link = enroll("Patient/" + patient);
        Map<String, String> authorize = query(redirectOf(post(link, "decision=accept")));
        get(redirectOf(consentAtWithings(authorize, userid, "accept")).toString());
        String user = String.valueOf(userid);
        assertThat(tokens.load(user)).isPresent();

        HttpResponse<String> revoked = BROWSER.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridgePort
                + "/api/v1/consents/" + user)).header("Authorization", "Bearer " + apiKey).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(tokens.load(user)).isEmpty();
        assertThat(accounts.find(user).orElseThrow().status()).isEqualTo(AccountStatus.REVOKED);
        HttpResponse<String> again = BROWSER.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridgePort
                + "/api/v1/consents/" + user)).header("Authorization", "Bearer " + apiKey).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(404);
    }

    @Test
    void everyFailureHasItsPage() throws Exception {
        String link = enroll("Patient/nowhere-" + System.nanoTime());
        assertThat(post(link, "decision=decline").body()).contains("Nothing was shared");

        Map<String, String> authorize = query(redirectOf(post(link, "decision=accept")));
        URI denied = redirectOf(consentAtWithings(authorize, newEmulatorUser(), "deny"));
        HttpResponse<String> deniedPage = get(denied.toString());
        assertThat(deniedPage.statusCode()).isEqualTo(200);
        assertThat(deniedPage.body()).contains("You did not authorize at Withings");

        HttpResponse<String> forged = get("http://127.0.0.1:" + bridgePort + "/oauth/callback?code=abc&state=forged");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("expired or was already used");

        Map<String, String> again = query(redirectOf(post(link, "decision=accept")));
        HttpResponse<String> badCode = get("http://127.0.0.1:" + bridgePort + "/oauth/callback?code=not-a-code&state="
                + again.get("state"));
        assertThat(badCode.statusCode()).isEqualTo(502);
        assertThat(badCode.body()).contains("Withings did not confirm");

        assertThat(get("http://127.0.0.1:" + bridgePort + "/enroll/not-a-token").statusCode()).isEqualTo(410);
    }

    @Test
    void theAdminApiRefusesRequestsWithoutAKey() throws Exception {
        HttpResponse<String> refused = BROWSER.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridgePort
                        + "/api/v1/enrollments")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"patient\": \"Patient/1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(401);

        HttpResponse<String> bad = api("{\"patient\": \"Practitioner/1\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Patient/123");
    }

    private String enroll(String patient) throws Exception {
        HttpResponse<String> created = api("{\"patient\": \"" + patient + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("link").asText();
    }

    private HttpResponse<String> api(String body) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridgePort + "/api/v1/enrollments"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long newEmulatorUser() throws Exception {
        HttpResponse<String> created = BROWSER.send(HttpRequest.newBuilder(URI.create(SharedServers.emulatorBaseUrl()
                        + "/_emulator/users")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"historyDays\": 5}")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(created.body()).get("userid").asLong();
    }

    /** The form the emulator's authorization page posts, with the simulated user picked. */
    private static HttpResponse<String> consentAtWithings(Map<String, String> authorize, long userid, String decision)
            throws Exception {
        StringBuilder form = new StringBuilder("decision=" + decision + "&userid=" + userid);
        authorize.forEach((name, value) -> form.append('&').append(name).append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
        return BROWSER.send(HttpRequest.newBuilder(URI.create(SharedServers.emulatorBaseUrl() + "/oauth2_user/authorize2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", "FlowTest/1.0").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String form) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI redirectOf(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], java.net.URLDecoder.decode(parts.length > 1 ? parts[1] : "",
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }

    private int observations(String patient) {
        return fhir.search().forResource(Observation.class).where(Observation.SUBJECT.hasId("Patient/" + patient))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute().getTotal();
    }

    private static Patient patientResource(String id) {
        Patient patient = new Patient();
        patient.setId(id);
        return patient;
    }

}
