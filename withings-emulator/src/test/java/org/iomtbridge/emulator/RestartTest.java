package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.iomtbridge.emulator.EmulatorTest.CLIENT_ID;
import static org.iomtbridge.emulator.EmulatorTest.CLIENT_SECRET;
import static org.iomtbridge.emulator.EmulatorTest.REDIRECT;

/**
 * Withings forgets nothing, and neither does its emulator: stopped and started again on the same data folder — or
 * killed, leaving the folder as it was at that moment — it knows its users, their data, the tokens it issued, the
 * subscriptions and the notifications it sent, and its new ids follow the old ones.
 */
class RestartTest {

    @TempDir
    Path directory;

    @Test
    void startedAgainItKnowsItsUsersTokensAndSubscriptionsAndNewIdsFollowTheOldOnes() throws Exception {
        Path folder = directory.resolve("emulator");
        try (CallbackServer callback = new CallbackServer()) {
            long userid;
            JsonNode tokens;
            long weighIn;
            JsonNode usersBefore;
            JsonNode holdingsBefore;
            JsonNode notificationsBefore;
            try (ConfigurableApplicationContext emulator = start(folder)) {
                EmulatorCalls withings = calls(emulator);
                userid = withings.firstUser();
                tokens = withings.tokens(userid);
                assertThat(withings.api("/notify", access(tokens), Map.of("action", "subscribe", "appli", "1",
                        "callbackurl", callback.url())).get("status").asInt()).isZero();
                weighIn = addWeight(withings, userid, "79.534");
                await().atMost(Duration.ofSeconds(10)).until(() -> callback.posts().size() == 1);
                assertThat(withings.send("POST", "/_emulator/users", "{\"email\": \"ann@example.org\", \"password\":"
                        + " \"ann-secret-1\", \"historyDays\": 1}").statusCode()).isEqualTo(201);
                usersBefore = EmulatorCalls.json(withings.send("GET", "/_emulator/users", null));
                holdingsBefore = holdings(withings, userid);
                notificationsBefore = EmulatorCalls.json(withings.send("GET", "/_emulator/notifications", null));
            }

            // The settings of a first world do not change a world that exists.
            try (ConfigurableApplicationContext emulator = start(folder, "--emulator.users=5", "--emulator.seed=1")) {
                EmulatorCalls withings = calls(emulator);
                assertThat(EmulatorCalls.json(withings.send("GET", "/_emulator/users", null))).isEqualTo(usersBefore);
                assertThat(holdings(withings, userid)).isEqualTo(holdingsBefore);
                assertThat(EmulatorCalls.json(withings.send("GET", "/_emulator/notifications", null)))
                        .isEqualTo(notificationsBefore);

                JsonNode measures = withings.api("/measure", access(tokens), Map.of("action", "getmeas"));
                assertThat(measures.get("status").asInt()).as("the access token issued before").isZero();
                assertThat(measures.at("/body/measuregrps").findValues("grpid")).extracting(JsonNode::asLong)
                        .contains(weighIn);
                JsonNode subscriptions = withings.api("/notify", access(tokens), Map.of("action", "list"));
                assertThat(subscriptions.at("/body/profiles").findValuesAsText("callbackurl"))
                        .containsExactly(callback.url());

                long next = addWeight(withings, userid, "81.25");
                assertThat(next).isGreaterThan(weighIn);
                await().atMost(Duration.ofSeconds(10)).until(() -> callback.posts().size() == 2);

                JsonNode refreshed = withings.api("/v2/oauth2", null, Map.of("action", "requesttoken",
                        "grant_type", "refresh_token", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
                        "refresh_token", tokens.get("refresh_token").asText()));
                assertThat(refreshed.get("status").asInt()).as("the refresh token issued before").isZero();
                assertThat(signIn(withings, "ann@example.org", "ann-secret-1")).as("her password").isPresent();
                assertThat(signIn(withings, "ann@example.org", "ann-secret-2")).as("another").isEmpty();
            }
            assertThat(filesOf(folder)).as("the world file keeps tokens and passwords as hashes only")
                    .doesNotContain(access(tokens), tokens.get("refresh_token").asText(), "ann-secret-1");
        }
    }

    @Test
    void whatAKillLeavesAtAnyMomentIsAWorldTheNextStartReads() throws Exception {
        Path folder = directory.resolve("emulator");
        Path killed = directory.resolve("killed");
        long userid;
        long weighIn;
        try (ConfigurableApplicationContext emulator = start(folder)) {
            EmulatorCalls withings = calls(emulator);
            userid = withings.firstUser();
            weighIn = addWeight(withings, userid, "72.5");
            // The folder as a SIGKILL leaves it: answered changes written, nothing flushed or closed on the way out.
            copy(folder, killed);
        }
        // A kill while a change was being written leaves its line cut short.
        Files.writeString(killed.resolve("world.journal"), "{\"sequence\": 99999, \"table\": \"measure-groups\", \"ke",
                StandardOpenOption.APPEND);

        try (ConfigurableApplicationContext emulator = start(killed)) {
            EmulatorCalls withings = calls(emulator);
            assertThat(holdings(withings, userid).get("measureGroups").findValues("grpid")).extracting(JsonNode::asLong)
                    .contains(weighIn);
            assertThat(addWeight(withings, userid, "72.7")).isGreaterThan(weighIn);
        }
    }

    @Test
    void aWorldItCannotReadStopsTheStartNamingTheFileAndWhatToDo() throws Exception {
        Path folder = directory.resolve("emulator");
        try (ConfigurableApplicationContext emulator = start(folder)) {
            addWeight(calls(emulator), calls(emulator).firstUser(), "70.1");
        }
        Path snapshot = folder.resolve("world.json");
        String whole = Files.readString(snapshot);
        Files.writeString(snapshot, whole.substring(0, whole.length() / 2));

        assertThatThrownBy(() -> start(folder)).hasStackTraceContaining("cannot read its world in " + snapshot)
                .hasStackTraceContaining("move the folder " + folder.toAbsolutePath() + " away");
        assertThat(Files.readString(snapshot)).as("left as it was found").hasSize(whole.length() / 2);

        Files.writeString(snapshot, whole);
        Path journal = folder.resolve("world.journal");
        Files.writeString(journal, "not a change\n{\"sequence\": 99999, \"table\": \"users\", \"cleared\": true}\n");
        assertThatThrownBy(() -> start(folder)).hasStackTraceContaining("cannot read its world in " + journal
                + " (line 1");
    }

    @Test
    void theSameSeedGivesTheSameFirstWorld() {
        List<JsonNode> worlds = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            try (ConfigurableApplicationContext emulator = start(directory.resolve(name))) {
                EmulatorCalls withings = calls(emulator);
                worlds.add(holdings(withings, withings.firstUser()));
            }
        }
        assertThat(worlds.get(0)).isEqualTo(worlds.get(1));
    }

    /** @param changed settings {@code --name=value} in place of this test's own */
    private static ConfigurableApplicationContext start(Path folder, String... changed) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("server.port", "0", "emulator.data-dir",
                folder.toString(), "emulator.client.id", CLIENT_ID, "emulator.client.secret", CLIENT_SECRET,
                "emulator.users", "2", "emulator.history-days", "3", "emulator.time-scale", "10000"));
        for (String setting : changed) {
            settings.put(setting.substring(2, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        return new SpringApplicationBuilder(EmulatorApplication.class).run(settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue()).toArray(String[]::new));
    }

    private static EmulatorCalls calls(ConfigurableApplicationContext emulator) {
        return new EmulatorCalls(((WebServerApplicationContext) emulator).getWebServer().getPort());
    }

    private static long addWeight(EmulatorCalls withings, long userid, String kilograms) {
        HttpResponse<String> added = withings.send("POST", "/_emulator/users/" + userid + "/measures",
                "{\"type\": 1, \"value\": " + kilograms + "}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        return EmulatorCalls.json(added).get("grpid").asLong();
    }

    private static JsonNode holdings(EmulatorCalls withings, long userid) {
        return EmulatorCalls.json(withings.send("GET", "/_emulator/users/" + userid + "/holdings", null));
    }

    private static String access(JsonNode tokens) {
        return tokens.get("access_token").asText();
    }

    /** The code the authorization page gives after a sign-in with email and password, if it let the user in. */
    private static Optional<String> signIn(EmulatorCalls withings, String email, String password) {
        HttpResponse<String> answer = EmulatorCalls.exchange(HttpRequest.newBuilder(withings.url("/oauth2_user/authorize2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(EmulatorCalls.form(Map.of("response_type", "code",
                        "client_id", CLIENT_ID, "scope", "user.info", "redirect_uri", REDIRECT, "state", "s",
                        "email", email, "password", password, "decision", "accept")))).build());
        return answer.headers().firstValue("Location").map(location -> EmulatorCalls.query(URI.create(location)).get("code"));
    }

    private static String filesOf(Path folder) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
