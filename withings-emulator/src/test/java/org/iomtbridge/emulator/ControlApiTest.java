package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control API under /_emulator/: users, measures, unlink, live mode. */
class ControlApiTest extends EmulatorTest {

    @Test
    void aCreatedUserSignsInWithTheReturnedEmailAndPassword() {
        HttpResponse<String> created = send("POST", "/_emulator/users",
                "{\"email\": \"ada@example.org\", \"timezone\": \"Europe/Berlin\", \"historyDays\": 3}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode user = json(created);
        assertThat(user.get("email").asText()).isEqualTo("ada@example.org");
        assertThat(user.get("password").asText()).hasSizeGreaterThanOrEqualTo(16);

        HttpResponse<String> signedIn = exchange(HttpRequest.newBuilder(url("/oauth2_user/authorize2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("response_type", "code", "client_id", CLIENT_ID,
                        "scope", "user.metrics", "redirect_uri", REDIRECT, "state", "s", "email", "ada@example.org",
                        "password", user.get("password").asText(), "decision", "accept")))).build());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(query(URI.create(signedIn.headers().firstValue("Location").orElseThrow()))).containsKey("code");

        HttpResponse<String> wrongPassword = exchange(HttpRequest.newBuilder(url("/oauth2_user/authorize2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("response_type", "code", "client_id", CLIENT_ID,
                        "scope", "user.metrics", "redirect_uri", REDIRECT, "state", "s", "email", "ada@example.org",
                        "password", "guess", "decision", "accept")))).build());
        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.body()).contains("Unknown user or wrong password");
    }

    @Test
    void anAddedMeasureIsServedExactlyThenModifiedThenDeleted() {
        long userid = json(send("POST", "/_emulator/users", "{\"historyDays\": 0}")).get("userid").asLong();
        String access = tokens(userid).get("access_token").asText();

        JsonNode added = json(send("POST", "/_emulator/users/" + userid + "/measures",
                "{\"type\": 1, \"value\": 80.125, \"date\": \"2026-11-25T07:00:00Z\"}"));
        long grpid = added.get("grpid").asLong();
        JsonNode group = onlyGroup(access);
        assertThat(group.get("grpid").asLong()).isEqualTo(grpid).isGreaterThan(Integer.MAX_VALUE);
        assertThat(group.get("date").asLong()).isEqualTo(1795590000L);
        assertThat(group.get("measures").get(0).get("value").asLong()).isEqualTo(80125);
        assertThat(group.get("measures").get(0).get("unit").asInt()).isEqualTo(-3);
        assertThat(group.get("model").asText()).isEqualTo("Body+");

        clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> modified = send("PUT", "/_emulator/users/" + userid + "/measures/" + grpid,
                "{\"measures\": [{\"type\": 1, \"value\": 79.9}]}");
        assertThat(modified.statusCode()).isEqualTo(200);
        JsonNode changed = onlyGroup(access);
        assertThat(changed.get("measures").get(0).get("value").asLong()).isEqualTo(799);
        assertThat(changed.get("modified").asLong()).isGreaterThan(changed.get("created").asLong());
        JsonNode sinceCreation = api("/measure", access, Map.of("action", "getmeas",
                "lastupdate", changed.get("created").asText())).get("body").get("measuregrps");
        assertThat(sinceCreation).as("a modified group is found by lastupdate").hasSize(1);

        assertThat(send("DELETE", "/_emulator/users/" + userid + "/measures/" + grpid, null).statusCode()).isEqualTo(204);
        assertThat(api("/measure", access, Map.of("action", "getmeas")).get("body").get("measuregrps")).isEmpty();
        assertThat(send("DELETE", "/_emulator/users/" + userid + "/measures/" + grpid, null).statusCode()).isEqualTo(404);
    }

    @Test
    void holdingsListEveryRecordWithItsValuesAndDeletedGroups() {
        long userid = json(send("POST", "/_emulator/users", "{\"historyDays\": 3}")).get("userid").asLong();
        String access = tokens(userid).get("access_token").asText();
        long grpid = json(send("POST", "/_emulator/users/" + userid + "/measures", "{\"type\": 1, \"value\": 70}"))
                .get("grpid").asLong();
        send("DELETE", "/_emulator/users/" + userid + "/measures/" + grpid, null);

        JsonNode holdings = json(send("GET", "/_emulator/users/" + userid + "/holdings", null));

        List<Long> servedIds = new ArrayList<>();
        JsonNode page = api("/measure", access, Map.of("action", "getmeas")).get("body");
        page.get("measuregrps").forEach(group -> servedIds.add(group.get("grpid").asLong()));
        while (page.get("more").asInt() == 1) {
            page = api("/measure", access, Map.of("action", "getmeas", "offset", page.get("offset").asText())).get("body");
            page.get("measuregrps").forEach(group -> servedIds.add(group.get("grpid").asLong()));
        }
        List<Long> live = new ArrayList<>();
        holdings.get("measureGroups").forEach(group -> {
            if (!group.get("deleted").asBoolean()) {
                live.add(group.get("grpid").asLong());
            }
        });
        assertThat(live).containsExactlyInAnyOrderElementsOf(servedIds).doesNotContain(grpid);
        assertThat(holdings.get("measureGroups").findValues("grpid")).extracting(JsonNode::asLong).contains(grpid);
        assertThat(holdings.get("activityDays")).hasSize(3);
        assertThat(holdings.get("activityDays").get(0).get("fields").toString()).contains("steps", "hr_average");
        assertThat(holdings.get("sleepSummaries").get(0).get("fields").toString()).contains("total_sleep_time");
        assertThat(holdings.get("linked").asBoolean()).isTrue();
    }

    @Test
    void everyIssuedTokenPairIsListed() {
        long userid = json(send("POST", "/_emulator/users", "{\"historyDays\": 0}")).get("userid").asLong();
        JsonNode granted = tokens(userid);

        JsonNode issued = json(send("GET", "/_emulator/tokens", null));

        assertThat(issued.findValuesAsText("accessToken")).contains(granted.get("access_token").asText());
        assertThat(issued.findValuesAsText("refreshToken")).contains(granted.get("refresh_token").asText());
    }

    @Test
    void addingDaysGeneratesHistory() {
        long userid = json(send("POST", "/_emulator/users", "{\"historyDays\": 0}")).get("userid").asLong();
        String access = tokens(userid).get("access_token").asText();

        send("POST", "/_emulator/users/" + userid + "/measures", "{\"days\": 5}");

        JsonNode days = api("/v2/measure", access, Map.of("action", "getactivity", "lastupdate", "0")).get("body");
        assertThat(days.get("activities")).hasSize(5);
        assertThat(allGroups(access)).hasSizeGreaterThanOrEqualTo(5 * 3);
    }

    @Test
    void unlinkingRevokesTokensAndTellsTheUserActionSubscription() throws Exception {
        long userid = json(send("POST", "/_emulator/users", "{\"historyDays\": 1}")).get("userid").asLong();
        String access = tokens(userid).get("access_token").asText();
        try (CallbackServer callback = new CallbackServer()) {
            api("/notify", access, Map.of("action", "subscribe", "callbackurl", callback.url(), "appli", "46"));

            send("POST", "/_emulator/users/" + userid + "/unlink", null);

            await().atMost(Duration.ofSeconds(10)).until(() -> callback.posts().size() == 1);
            assertThat(callback.posts().get(0).form()).containsEntry("appli", "46").containsEntry("action", "unlink")
                    .containsEntry("userid", String.valueOf(userid));
            assertThat(api("/measure", access, Map.of("action", "getmeas")).get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void liveModeAddsDataEveryInterval() {
        long userid = firstUser();
        String access = tokens(userid).get("access_token").asText();
        long before = clock.instant().getEpochSecond();

        send("PUT", "/_emulator/live", "{\"intervalSeconds\": 1}");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> api("/measure", access, Map.of("action", "getmeas",
                    "lastupdate", String.valueOf(before - 1))).get("body").get("measuregrps").size() >= 2);
        } finally {
            send("DELETE", "/_emulator/live", null);
        }
    }

    @Test
    void unknownUsersAndGroupsAre404() {
        assertThat(send("POST", "/_emulator/users/1/measures", "{\"type\": 1, \"value\": 70}").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/_emulator/users/" + firstUser() + "/measures/42", null).statusCode()).isEqualTo(404);
    }

    private JsonNode onlyGroup(String access) {
        JsonNode groups = api("/measure", access, Map.of("action", "getmeas")).get("body").get("measuregrps");
        assertThat(groups).hasSize(1);
        return groups.get(0);
    }

    private List<JsonNode> allGroups(String access) {
        List<JsonNode> groups = new ArrayList<>();
        int offset = 0;
        while (true) {
            JsonNode body = api("/measure", access, Map.of("action", "getmeas", "offset", String.valueOf(offset))).get("body");
            body.get("measuregrps").forEach(groups::add);
            if (body.get("more").asInt() == 0) {
                return groups;
            }
            offset = body.get("offset").asInt();
        }
    }
}
