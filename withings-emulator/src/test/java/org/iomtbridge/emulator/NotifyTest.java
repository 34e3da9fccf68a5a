package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Notification subscriptions and deliveries, to a real HTTP endpoint on loopback. */
class NotifyTest extends EmulatorTest {

    @Test
    void subscribingProbesTheCallbackWithHeadAndANewMeasureIsPostedToIt() throws Exception {
        long userid = newUser();
        String access = tokens(userid).get("access_token").asText();
        try (CallbackServer callback = new CallbackServer()) {
            JsonNode subscribed = notify(access, "subscribe", callback.url(), 1, Map.of("comment", "weights"));
            assertThat(subscribed.get("status").asInt()).isZero();
            assertThat(callback.received()).extracting(CallbackServer.Received::method).containsExactly("HEAD");

            send("POST", "/_emulator/users/" + userid + "/measures",
                    "{\"type\": 1, \"value\": 81.25, \"date\": \"2026-11-20T07:30:00Z\"}");

            await().atMost(Duration.ofSeconds(10)).until(() -> callback.posts().size() == 1);
            assertThat(callback.posts().get(0).form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "userid", String.valueOf(userid), "appli", "1",
                    "startdate", "1795159800", "enddate", "1795159800"));
        }
    }

    @Test
    void aCallbackThatFailsTheHeadProbeIsRefusedWith293() throws Exception {
        String access = tokens(firstUser()).get("access_token").asText();
        try (CallbackServer callback = new CallbackServer()) {
            callback.answerHeadWith(404);
            JsonNode refused = notify(access, "subscribe", callback.url(), 4, Map.of());
            assertThat(refused.get("status").asInt()).isEqualTo(293);
            assertThat(notify(access, "subscribe", "not a url", 4, Map.of()).get("status").asInt()).isEqualTo(293);
        }
    }

    @Test
    void aFailedDeliveryIsRetriedOnWithingsScheduleCompressedByTheTimeScale() throws Exception {
        long userid = newUser();
        String access = tokens(userid).get("access_token").asText();
        try (CallbackServer callback = new CallbackServer()) {
            notify(access, "subscribe", callback.url(), 4, Map.of());
            callback.failNextPosts(2);

            send("POST", "/_emulator/users/" + userid + "/measures", "{\"measures\": [{\"type\": 10, \"value\": 128},"
                    + " {\"type\": 9, \"value\": 84}, {\"type\": 11, \"value\": 66}]}");

            await().atMost(Duration.ofSeconds(10)).until(() -> callback.posts().size() == 3);
            List<JsonNode> attempts = new ArrayList<>();
            json(send("GET", "/_emulator/notifications", null)).forEach(attempt -> {
                if (attempt.get("userid").asLong() == userid) {
                    attempts.add(attempt);
                }
            });
            assertThat(attempts).extracting(attempt -> attempt.get("attempt").asInt()).containsExactly(1, 2, 3);
            assertThat(attempts).extracting(attempt -> attempt.get("delivered").asBoolean()).containsExactly(false, false, true);
            JsonNode stats = json(send("GET", "/_emulator/stats", null));
            assertThat(stats.get("notificationsSent").asInt()).isGreaterThanOrEqualTo(3);
            assertThat(stats.get("notificationsRetried").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(stats.get("notificationsFailed").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(stats.get("notificationsDelivered").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(callback.posts()).allSatisfy(post -> assertThat(post.form()).containsEntry("appli", "4"));
        }
    }

    @Test
    void getListUpdateAndRevokeASubscription() throws Exception {
        String access = tokens(newUser()).get("access_token").asText();
        try (CallbackServer first = new CallbackServer(); CallbackServer second = new CallbackServer()) {
            notify(access, "subscribe", first.url(), 44, Map.of("comment", "sleep"));

            JsonNode one = notify(access, "get", first.url(), 44, Map.of());
            assertThat(one.get("body").get("comment").asText()).isEqualTo("sleep");
            assertThat(api("/notify", access, Map.of("action", "list", "appli", "44")).get("body").get("profiles"))
                    .hasSize(1);

            JsonNode moved = notify(access, "update", first.url(), 44, Map.of("new_callbackurl", second.url()));
            assertThat(moved.get("status").asInt()).isZero();
            assertThat(second.received()).extracting(CallbackServer.Received::method).containsExactly("HEAD");
            assertThat(notify(access, "get", second.url(), 44, Map.of()).get("status").asInt()).isZero();

            assertThat(notify(access, "revoke", second.url(), 44, Map.of()).get("status").asInt()).isZero();
            assertThat(api("/notify", access, Map.of("action", "list")).get("body").get("profiles")).isEmpty();
            assertThat(notify(access, "get", second.url(), 44, Map.of()).get("status").asInt()).isEqualTo(286);
        }
    }

    /**
     * Notify get and revoke take {@code appli} as optional: "If no appli is specified, appli=1 will be considered"
     * (developer.withings.com/api-reference, Notify - Get; Notify - Revoke lists {@code appli} as not required).
     */
    @Test
    void getAndRevokeWithoutAppliMeanAppliOne() throws Exception {
        String access = tokens(newUser()).get("access_token").asText();
        try (CallbackServer callback = new CallbackServer()) {
            notify(access, "subscribe", callback.url(), 1, Map.of("comment", "weights"));
            notify(access, "subscribe", callback.url(), 4, Map.of("comment", "pressure"));

            JsonNode got = api("/notify", access, Map.of("action", "get", "callbackurl", callback.url()));
            assertThat(got.get("status").asInt()).isZero();
            assertThat(got.get("body").get("appli").asInt()).isEqualTo(1);
            assertThat(got.get("body").get("comment").asText()).isEqualTo("weights");

            assertThat(api("/notify", access, Map.of("action", "revoke", "callbackurl", callback.url()))
                    .get("status").asInt()).isZero();
            assertThat(api("/notify", access, Map.of("action", "list")).get("body").get("profiles"))
                    .extracting(profile -> profile.get("appli").asInt()).containsExactly(4);
            assertThat(api("/notify", access, Map.of("action", "subscribe", "callbackurl", callback.url()))
                    .get("status").asInt()).as("subscribe still needs its appli").isEqualTo(503);
        }
    }

    /**
     * A subscription that is not there: get answers 286 "No such subscription was found", revoke 294 "No such
     * subscription could be deleted". Withings' status table puts both in the "invalid params" family (283..288,
     * 293..295) and 2554 at "Not implemented" (developer.withings.com/api-reference, Response status); the names
     * are those of Withings' earlier status list, as clients quote them, and a client's test against the live API
     * expects 294 from revoking the same subscription twice.
     */
    @Test
    void aSubscriptionThatIsNotThereIs286ToGetAnd294ToRevoke() throws Exception {
        String access = tokens(newUser()).get("access_token").asText();
        try (CallbackServer callback = new CallbackServer()) {
            notify(access, "subscribe", callback.url(), 4, Map.of());
            assertThat(notify(access, "revoke", callback.url(), 4, Map.of()).get("status").asInt()).isZero();

            JsonNode revokedAgain = notify(access, "revoke", callback.url(), 4, Map.of());
            assertThat(revokedAgain.get("status").asInt()).isEqualTo(294);
            assertThat(revokedAgain.get("error").asText()).isEqualTo("No such subscription could be deleted");
            JsonNode got = notify(access, "get", callback.url(), 4, Map.of());
            assertThat(got.get("status").asInt()).isEqualTo(286);
            assertThat(got.get("error").asText()).isEqualTo("No such subscription was found");
            assertThat(notify(access, "update", callback.url(), 4, Map.of("comment", "x")).get("status").asInt())
                    .isEqualTo(286);
        }
    }

    /**
     * Notify update takes one change at a time: {@code new_callbackurl}, {@code new_appli} and {@code comment} are
     * each documented "DO NOT USE WITH" the other two (developer.withings.com/api-reference, Notify - Update). Two or
     * more, or none, are status 503 (invalid params), and the subscription stays as it was.
     */
    @Test
    void anUpdateTakesExactlyOneOfNewCallbackNewAppliAndComment() throws Exception {
        String access = tokens(newUser()).get("access_token").asText();
        try (CallbackServer first = new CallbackServer(); CallbackServer second = new CallbackServer()) {
            notify(access, "subscribe", first.url(), 44, Map.of("comment", "sleep"));

            List<Map<String, String>> refused = List.of(
                    Map.of("new_callbackurl", second.url(), "comment", "moved"),
                    Map.of("new_appli", "16", "comment", "activity"),
                    Map.of("new_callbackurl", second.url(), "new_appli", "16"),
                    Map.of("new_callbackurl", second.url(), "new_appli", "16", "comment", "all"),
                    Map.of());
            for (Map<String, String> changes : refused) {
                JsonNode answer = notify(access, "update", first.url(), 44, changes);
                assertThat(answer.get("status").asInt()).as(changes.keySet().toString()).isEqualTo(503);
            }
            assertThat(second.received()).as("no probe of a refused new callback").isEmpty();
            JsonNode unchanged = notify(access, "get", first.url(), 44, Map.of());
            assertThat(unchanged.get("body").get("comment").asText()).isEqualTo("sleep");

            assertThat(notify(access, "update", first.url(), 44, Map.of("comment", "nights")).get("status").asInt())
                    .isZero();
            assertThat(notify(access, "get", first.url(), 44, Map.of()).get("body").get("comment").asText())
                    .isEqualTo("nights");
        }
    }

    /** A user of this test alone, so that no other test's subscription hears of its data. */
    private long newUser() {
        return json(send("POST", "/_emulator/users", "{\"historyDays\": 0}")).get("userid").asLong();
    }

    private JsonNode notify(String access, String action, String callback, int appli, Map<String, String> extra) {
        Map<String, String> params = new HashMap<>(extra);
        params.put("action", action);
        params.put("callbackurl", callback);
        params.put("appli", String.valueOf(appli));
        return api("/notify", access, params);
    }
}
