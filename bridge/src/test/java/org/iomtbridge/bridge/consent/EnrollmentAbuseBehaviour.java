package org.iomtbridge.bridge.consent;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.admin.ApiKeys;
import org.iomtbridge.bridge.fhirwrite.FhirWriterConfiguration;
import org.iomtbridge.bridge.fhirwrite.FhirWriterProperties;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.SharedServers;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.bridge.consent.EnrollmentSteps.accept;
import static org.iomtbridge.bridge.consent.EnrollmentSteps.authorize;
import static org.iomtbridge.bridge.consent.EnrollmentSteps.emulator;
import static org.iomtbridge.bridge.consent.EnrollmentSteps.ownLink;
import static org.iomtbridge.bridge.support.Browser.redirectOf;

/**
 * The patient's links used as an attacker would: reconnecting an active consent, an old consent link after the care
 * team replaced it, two Withings users racing to finish one enrollment link, an authorization finished in a browser
 * that did not start it. Each is refused with a page that says why, links nothing, and is in the audit trail.
 */
abstract class EnrollmentAbuseBehaviour extends BridgeTest {

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

    private final Browser careTeam = new Browser("CareTeam/1.0");
    private String apiKey;
    private EnrollmentSteps steps;

    @BeforeEach
    void steps() {
        apiKey = apiKeys.create("abuse-test", java.util.EnumSet.allOf(org.iomtbridge.bridge.admin.Role.class)).key();
        IGenericClient fhir = FhirWriterConfiguration.client(new FhirWriterProperties(SharedServers.fhirBaseUrl(), 0,
                null, 0, null, null, null, null));
        steps = new EnrollmentSteps(bridge(""), apiKey, fhir);
    }

    @Test
    void reconnectingAnActiveConsentIsRefusedAndMintsNoEnrollmentLink() {
        Browser patient = new Browser("Patient/1.0");
        long userid = emulator().newUser(0);
        String reference = "Patient/active-" + System.nanoTime();
        String own = ownLink(steps.connect(patient, reference, userid));
        long links = enrollmentsOf(reference);

        for (int attempt = 0; attempt < 3; attempt++) {
            HttpResponse<String> refused = patient.postForm(own, Map.of("action", "reconnect"));
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("Nothing to reconnect")
                    .contains("Your connection is active; there is nothing to reconnect.");
            assertThat(refused.headers().firstValue("Location")).isEmpty();
        }

        assertThat(enrollmentsOf(reference)).as("no enrollment link was made").isEqualTo(links);
        assertThat(audited("consent.reconnect.refused", userid)).containsOnly("REFUSED PATIENT").hasSize(3);
    }

    @Test
    void aWithdrawalIsAuditedAsThePatientsAndThenReconnectingWorksOnce() {
        Browser patient = new Browser("Patient/1.0");
        long userid = emulator().newUser(0);
        String own = ownLink(steps.connect(patient, "Patient/withdrawing-" + System.nanoTime(), userid));

        assertThat(patient.postForm(own, Map.of("action", "withdraw")).body()).contains("Your consent is withdrawn");
        HttpResponse<String> again = patient.postForm(own, Map.of("action", "withdraw"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("Your consent is already withdrawn");
        assertThat(audited("consent.withdrawn", userid)).containsExactly("SUCCESS PATIENT");

        URI consentPage = redirectOf(patient.postForm(own, Map.of("action", "reconnect")));
        assertThat(consentPage.getPath()).startsWith("/enroll/");
        assertThat(audited("consent.reconnect.started", userid)).containsExactly("SUCCESS PATIENT");
    }

    @Test
    void theCareTeamReplacesAConsentLinkAndTheOldOneStopsWorking() {
        Browser patient = new Browser("Patient/1.0");
        long userid = emulator().newUser(0);
        String user = String.valueOf(userid);
        String reference = "Patient/replaced-" + System.nanoTime();
        String old = ownLink(steps.connect(patient, reference, userid));

        HttpResponse<String> replaced = careTeam.json("POST", bridge("/api/v1/consents/" + user + "/link"), apiKey, null);

        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(201);
        JsonNode answer = EnrollmentSteps.json(replaced);
        assertThat(answer.get("patient").asText()).isEqualTo(reference);
        assertThat(answer.get("replaced").asInt()).isEqualTo(1);
        String fresh = answer.get("link").asText();
        assertThat(fresh).startsWith(bridge("/consent/")).isNotEqualTo(old);

        HttpResponse<String> oldPage = patient.get(old);
        assertThat(oldPage.statusCode()).isEqualTo(410);
        assertThat(oldPage.body()).contains("This link was replaced");
        HttpResponse<String> oldWithdraw = patient.postForm(old, Map.of("action", "withdraw"));
        assertThat(oldWithdraw.statusCode()).isEqualTo(410);
        assertThat(accounts.find(user).orElseThrow().status()).as("the old link changed nothing")
                .isEqualTo(AccountStatus.ACTIVE);
        assertThat(patient.get(fresh).body()).contains("Connected since");

        assertThat(audited("consent.link.replaced", userid)).containsExactly("SUCCESS API_CLIENT");
        assertThat(audited("consent.link.refused", userid)).containsExactly("REFUSED PATIENT", "REFUSED PATIENT");
        assertThat(jdbc.sql("select detail from audit_event where withings_user_id = :user").param("user", user)
                .query(String.class).list()).as("no link in the audit trail")
                .noneMatch(detail -> detail != null && (detail.contains(fresh) || detail.contains(old)));

        assertThat(careTeam.json("POST", bridge("/api/v1/consents/99999999999/link"), apiKey, null).statusCode())
                .isEqualTo(404);
        assertThat(careTeam.json("POST", bridge("/api/v1/consents/not-digits/link"), apiKey, null).statusCode())
                .isEqualTo(400);
        assertThat(careTeam.json("POST", bridge("/api/v1/consents/" + user + "/link"), null, null).statusCode())
                .isEqualTo(401);
    }

    /**
     * Two people each finish Withings' authorization on one enrollment link, with their own Withings accounts, and
     * their callbacks reach the bridge at the same moment. A few rounds, so that the race is run, not just hoped for.
     */
    @Test
    void twoCallbacksRacingOnOneEnrollmentLinkLinkOneWithingsUserOnly() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 3; round++) {
                String reference = "Patient/raced-" + System.nanoTime();
                String link = steps.enroll(reference);
                Browser first = new Browser("First/1.0");
                Browser second = new Browser("Second/1.0");
                long firstUser = emulator().newUser(0);
                long secondUser = emulator().newUser(0);
                URI firstCallback = authorize(accept(first, link), firstUser);
                URI secondCallback = authorize(accept(second, link), secondUser);

                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<HttpResponse<String>> firstAnswer = CompletableFuture.supplyAsync(() ->
                        together(start, () -> first.get(firstCallback.toString())), threads);
                CompletableFuture<HttpResponse<String>> secondAnswer = CompletableFuture.supplyAsync(() ->
                        together(start, () -> second.get(secondCallback.toString())), threads);
                List<HttpResponse<String>> answers = List.of(firstAnswer.get(60, TimeUnit.SECONDS),
                        secondAnswer.get(60, TimeUnit.SECONDS));

                assertThat(answers).extracting(HttpResponse::statusCode).as("round " + round)
                        .containsExactlyInAnyOrder(200, 409);
                HttpResponse<String> lost = answers.stream().filter(answer -> answer.statusCode() == 409)
                        .findFirst().orElseThrow();
                assertThat(lost.body()).contains("This link was already used").contains("nothing was linked");
                List<String> linked = new ArrayList<>();
                for (long user : List.of(firstUser, secondUser)) {
                    accounts.find(String.valueOf(user)).ifPresent(account -> linked.add(account.patientReference()));
                }
                assertThat(linked).as("one Withings user is linked to the patient").containsExactly(reference);
                long loser = answers.get(0).statusCode() == 409 ? firstUser : secondUser;
                assertThat(tokens.load(String.valueOf(loser))).as("no tokens kept of the loser").isEmpty();
                assertThat(jdbc.sql("select count(*) from consent where patient_reference = :patient")
                        .param("patient", reference).query(Long.class).single()).isEqualTo(1);
                assertThat(jdbc.sql("select count(*) from audit_event where action = 'enrollment.link.reused'"
                        + " and patient = :patient").param("patient", reference).query(Long.class).single())
                        .isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anAuthorizationForwardedToAnotherBrowserIsRefusedThereAndStillFinishesWhereItStarted() {
        Browser patient = new Browser("Patient/1.0");
        Browser stranger = new Browser("Stranger/1.0");
        String reference = "Patient/forwarded-" + System.nanoTime();
        String link = steps.enroll(reference);

        HttpResponse<String> agreed = patient.postForm(link, Map.of("decision", "accept"));
        URI withingsPage = redirectOf(agreed);
        String cookie = agreed.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("iomt_oauth_browser=").contains("Path=/oauth/callback").contains("HttpOnly")
                .contains("SameSite=Lax").contains("Max-Age=900").doesNotContain("Secure");

        long strangerUser = emulator().newUser(0);
        HttpResponse<String> refused = stranger.get(authorize(withingsPage, strangerUser).toString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Finish in the browser where you started");
        assertThat(accounts.find(String.valueOf(strangerUser))).as("the stranger is not linked").isEmpty();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'enrollment.callback.refused'"
                + " and patient = :patient").param("patient", reference).query(Long.class).single()).isEqualTo(1);

        long patientUser = emulator().newUser(0);
        HttpResponse<String> connected = patient.get(authorize(withingsPage, patientUser).toString());
        assertThat(connected.statusCode()).isEqualTo(200);
        assertThat(connected.body()).contains("You are connected");
        assertThat(connected.headers().firstValue("Set-Cookie").orElseThrow()).as("the key is taken back")
                .startsWith("iomt_oauth_browser=;").contains("Max-Age=0");
        assertThat(accounts.find(String.valueOf(patientUser)).orElseThrow().patientReference()).isEqualTo(reference);
    }

    private long enrollmentsOf(String patient) {
        return jdbc.sql("select count(*) from enrollment where patient_reference = :patient").param("patient", patient)
                .query(Long.class).single();
    }

    /** The outcome and actor type of each audit entry of the action about the user, oldest first. */
    private List<String> audited(String action, long userid) {
        return jdbc.sql("select outcome || ' ' || actor_type from audit_event where action = :action"
                        + " and withings_user_id = :user order by id")
                .param("action", action).param("user", String.valueOf(userid)).query(String.class).list();
    }

    private String bridge(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static <T> T together(CyclicBarrier start, java.util.function.Supplier<T> action) {
        try {
            start.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other callback never came", e);
        }
        return action.get();
    }
}
