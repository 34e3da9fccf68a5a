package org.iomtbridge.bridge.consent;

import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** On H2, with the default grace period of erasures (7 days): the care team, or a reconnect, stops an erasure. */
class UnlinkAndErasureOnH2Test extends UnlinkAndErasureBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        useH2(registry);
        bridgeAndServers(registry);
    }

    @Test
    void anErasureWaitsOutItsGracePeriodAndTheCareTeamCancelsItSoTheDataStays() throws Exception {
        Connected connected = connectAndBackfill("kept");
        String patientId = connected.patient().substring("Patient/".length());
        int before = observations(patientId);

        emulator().unlink(connected.userid());
        await().atMost(Duration.ofSeconds(15)).until(() -> accounts.find(connected.user()).orElseThrow().status()
                == AccountStatus.REVOKED);

        assertThat(observations(patientId)).as("nothing erased yet").isEqualTo(before);
        JsonNode pending = pendingErasures().stream().filter(erasure -> erasure.get("withingsUserId").asText()
                .equals(connected.user())).findFirst().orElseThrow();
        assertThat(pending.get("patient").asText()).isEqualTo(connected.patient());
        assertThat(Instant.parse(pending.get("due").asText())).isAfter(Instant.now().plus(Duration.ofDays(6)));

        String erasure = base() + "/api/v1/erasures/" + connected.user();
        HttpResponse<String> cancelled = BROWSER.json("DELETE", erasure, apiKey, null);
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.body()).contains("CANCELLED");
        assertThat(BROWSER.json("DELETE", erasure, apiKey, null).statusCode()).isEqualTo(404);
        assertThat(BROWSER.json("DELETE", base() + "/api/v1/erasures/not-digits", apiKey, null).statusCode())
                .isEqualTo(400);
        assertThat(BROWSER.json("DELETE", erasure, null, null).statusCode()).isEqualTo(401);

        assertThat(pendingErasures()).noneMatch(left -> left.get("withingsUserId").asText().equals(connected.user()));
        assertThat(jdbc.sql("select count(*) from scheduled_tasks where task_name = 'erase-user-data'"
                + " and task_instance = :user").param("user", connected.user()).query(Integer.class).single()).isZero();
        assertThat(audit(connected.user(), "erasure.scheduled")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actor_type", "WITHINGS").containsEntry("patient", connected.patient()));
        assertThat(audit(connected.user(), "erasure.cancelled")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actor_type", "API_CLIENT").containsEntry("detail", "cancelled through the admin API"));
        assertThat(observations(patientId)).as("the data stays").isEqualTo(before);
    }

    /**
     * Withings drops a subscription it could not deliver to for long, and answers a revoke of it with 294 "no such
     * subscription could be deleted": the revocation takes that as done and revokes the rest.
     */
    @Test
    void aRevocationRevokesEverySubscriptionEvenWhenWithingsDroppedOneAlready() throws Exception {
        Connected connected = connectAndBackfill("dropped");
        String access = tokens.load(connected.user()).orElseThrow().accessToken().value();
        JsonNode subscribed = notify(access, Map.of("action", "list")).get("body").get("profiles");
        assertThat(subscribed).extracting(profile -> profile.get("appli").asInt()).contains(1, 4, 46);
        String callback = subscribed.get(0).get("callbackurl").asText();
        assertThat(notify(access, Map.of("action", "revoke", "callbackurl", callback, "appli", "1"))
                .get("status").asInt()).as("Withings drops the weight subscription").isZero();

        HttpResponse<String> revoked = BROWSER.json("DELETE", base() + "/api/v1/consents/" + connected.user(), apiKey,
                null);

        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(consentStatus(connected.user())).isEqualTo("REVOKED");
        assertThat(notify(access, Map.of("action", "list")).get("body").get("profiles"))
                .as("the token still works at Withings, and no subscription is left").isEmpty();
    }

    /** A notify call at the emulator as Withings, with the user's token. */
    private static JsonNode notify(String access, Map<String, String> params) throws Exception {
        String form = params.entrySet().stream().map(entry -> entry.getKey() + "="
                + java.net.URLEncoder.encode(entry.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(emulator().baseUrl() + "/notify"))
                .header("Authorization", "Bearer " + access)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    @Test
    void aReconnectOfTheUserWithinTheGracePeriodCancelsTheErasure() throws Exception {
        Connected connected = connectAndBackfill("back");
        assertThat(BROWSER.json("DELETE", base() + "/api/v1/consents/" + connected.user(), apiKey, null).statusCode())
                .isEqualTo(200);
        assertThat(audit(connected.user(), "consent.revoked")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actor_type", "API_CLIENT").containsEntry("detail", "revoked through the admin API"));
        assertThat(pendingErasures()).anyMatch(erasure -> erasure.get("withingsUserId").asText()
                .equals(connected.user()));

        steps.connect(BROWSER, connected.patient(), connected.userid());

        assertThat(pendingErasures()).noneMatch(erasure -> erasure.get("withingsUserId").asText()
                .equals(connected.user()));
        assertThat(audit(connected.user(), "erasure.cancelled")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actor_type", "PATIENT").containsEntry("detail", "the user connected again"));
        assertThat(observations(connected.patient().substring("Patient/".length()))).isPositive();
    }
}
