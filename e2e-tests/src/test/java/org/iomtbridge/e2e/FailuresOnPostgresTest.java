package org.iomtbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.iomtbridge.bridge.support.ModuleProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The invariants under failure, with the system as processes on PostgreSQL: nothing lost, nothing twice, the rate
 * limit kept, no token where it may not be. Each scenario is bounded; the measured results are printed with
 * {@code reliability:} for RELIABILITY.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailuresOnPostgresTest {

    /** High enough that a hundred users ingest in a minute, low enough that the bridges must keep to it. */
    private static final int RATE_LIMIT = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Stack stack;
    private static EmulatorControl withings;
    private static FhirCopy fhir;
    private static Enrolling enrolling;
    private final Browser browser = new Browser("e2e-failures");

    @BeforeAll
    static void start() {
        stack = Stack.start(Stack.Database.POSTGRES, RATE_LIMIT,
                "--iomt.withings.request-timeout=3s", "--iomt.fhir.circuit-open-for=5s", "--iomt.fhir.max-attempts=3");
        withings = new EmulatorControl(stack.emulatorUrl());
        fhir = new FhirCopy(stack.fhirBaseUrl());
        enrolling = new Enrolling(stack, withings, fhir);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    @Order(1)
    void duplicatedReplayedOutOfOrderAndHostileNotificationsLeaveDataExactlyOnce() {
        Enrolling.Connected patient = enrolling.connect(2);
        Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(), Duration.ofSeconds(60));
        List<String> notifications = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            withings.addMeasure(patient.userid(), 1, new BigDecimal("80." + i));
            long now = Instant.now().getEpochSecond();
            notifications.add("userid=" + patient.userid() + "&appli=1&startdate=" + (now - 1) + "&enddate=" + now);
        }
        List<String> newestFirst = new ArrayList<>(notifications);
        java.util.Collections.reverse(newestFirst);
        List<String> storm = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            storm.addAll(newestFirst);
        }
        storm.add("userid=" + patient.userid() + "&appli=1&startdate=1600000000&enddate=1600000100");
        storm.addAll(List.of("appli=1", "userid=abc&appli=1", "userid=1%27%3B%20drop%20table%20consent%3B--&appli=1",
                "userid=999999999&appli=4&startdate=1&enddate=2", "userid=" + patient.userid() + "&appli=<script>"));
        for (String form : storm) {
            HttpResponse<String> answer = browser.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(stack.webhookUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)));
            assertThat(answer.statusCode()).as(form).isEqualTo(200);
        }

        FhirCopy.Snapshot after = Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(),
                Duration.ofSeconds(30));
        System.out.printf("reliability: notifications %d posted (duplicated x3, reordered, replayed, 5 hostile) ->"
                + " %d observations expected, %d found, %d distinct%n", storm.size(),
                Holdings.of(withings.holdings(patient.userid())).size(), after.observations().size(),
                after.statusByIdentifier().size());
        assertThat(stackHealthy()).isTrue();
    }

    @Test
    @Order(2)
    void theFhirServerDownForThirtySecondsDuringAFiftyUserIngestLosesAndDuplicatesNothing() throws Exception {
        List<Enrolling.Invited> invited = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            invited.add(enrolling.invite(1));
        }
        List<Enrolling.Connected> connected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            connected.add(enrolling.consent(invited.get(i)));
        }
        stack.fhirServer().kill();
        Instant down = Instant.now();
        for (int i = 10; i < 50; i++) {
            connected.add(enrolling.consent(invited.get(i)));
        }
        // The server stays down 30 seconds, then takes its start-up time to come back.
        Thread.sleep(Math.max(0, Duration.ofSeconds(30).minus(Duration.between(down, Instant.now())).toMillis()) + 100);
        double killedFor = Duration.between(down, Instant.now()).toMillis() / 1000.0;
        stack.fhirServer().startAgain();
        long outage = Duration.between(down, Instant.now()).toSeconds();

        int observations = Exactly.awaitAllHold(withings, fhir, connected, Duration.ofSeconds(150));
        System.out.printf("reliability: FHIR server killed for %.1f s (answering again after %d s) during a 50-user"
                + " ingest -> all 50 exact, %d observations, no duplicate%n", killedFor, outage, observations);
    }

    @Test
    @Order(3)
    void aBridgeKilledMidIngestAndRestartedLosesAndDuplicatesNothing() {
        List<Enrolling.Connected> connected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            connected.add(enrolling.connect(2));
        }
        stack.bridge().kill();
        stack.bridge().startAgain();

        int observations = Exactly.awaitAllHold(withings, fhir, connected, Duration.ofSeconds(120));
        System.out.printf("reliability: bridge SIGKILLed right after 20 consents (backfills running), restarted ->"
                + " all 20 exact, %d observations%n", observations);
    }

    /**
     * Withings takes 2 s for each notify call, so the seven subscriptions of a new patient take about 16 s after the
     * consent: the bridge is killed in between, and once started again it subscribes the patient all the same.
     */
    @Test
    @Order(3)
    void aBridgeKilledBetweenAConsentAndItsSubscriptionsSubscribesThePatientOnceRestarted() {
        Enrolling.Connected patient;
        withings.faults("{\"notifyLatencyMillis\": 2000}");
        try {
            patient = enrolling.connect(2);
            stack.bridge().kill();
            assertThat(withings.subscribedApplis(patient.userid())).as("killed before the last subscription")
                    .hasSizeLessThan(7);
        } finally {
            withings.clearFaults();
        }
        stack.bridge().startAgain();

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> withings.subscribedApplis(patient.userid()).equals(Set.of(1, 2, 4, 16, 44, 46, 54)));
        Exactly.awaitAllHold(withings, fhir, List.of(patient), Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void withingsFaultsSlowTheIngestButNeitherLoseDataNorBreakTheRateLimit() throws Exception {
        withings.resetStats();
        List<Enrolling.Connected> connected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            connected.add(enrolling.connect(2));
        }
        withings.faults("{\"errorRate\": 0.1, \"latencyMillis\": 2000}");
        await().atMost(Duration.ofSeconds(90)).until(() -> withings.stats().get("callsByClient").path(Stack.CLIENT_ID)
                .asInt() > 40);
        withings.faults("{\"storm601Seconds\": 10}");
        await().atMost(Duration.ofSeconds(30)).until(() -> withings.stats().get("tooManyRequests").asInt() > 0);
        withings.faults("{\"latencyMillis\": 4000}");
        // Every call now outlasts the bridge's 3-second timeout, for as long as this fault lasts.
        Thread.sleep(8_000);
        withings.clearFaults();

        int observations = Exactly.awaitAllHold(withings, fhir, connected, Duration.ofSeconds(150));
        JsonNode stats = withings.stats();
        int busiestMinute = stats.get("maxRequestsIn60Seconds").get(Stack.CLIENT_ID).asInt();
        System.out.printf("reliability: Withings faults (10%% HTTP 500 + 2 s latency, 10 s of 601s, 4 s latency over a"
                + " 3 s timeout) -> all 10 exact, %d observations; most requests in 60 s: %d (limit %d); 601s: %d%n",
                observations, busiestMinute, RATE_LIMIT, stats.get("tooManyRequests").asInt());
        assertThat(busiestMinute).isLessThanOrEqualTo(RATE_LIMIT);
    }

    @Test
    @Order(5)
    void threeInstancesOnOneDatabaseIngestAHundredUsersExactlyOnceWithinTheRateLimit() {
        stack.startAnotherBridge();
        stack.startAnotherBridge();
        withings.resetStats();
        List<Enrolling.Connected> connected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            connected.add(enrolling.connect(1));
        }

        int observations = Exactly.awaitAllHold(withings, fhir, connected, Duration.ofSeconds(170));
        int busiestMinute = withings.stats().get("maxRequestsIn60Seconds").get(Stack.CLIENT_ID).asInt();
        System.out.printf("reliability: 3 bridges on one PostgreSQL, 100 users -> all 100 exact, %d observations;"
                + " most requests in 60 s: %d (limit %d)%n", observations, busiestMinute, RATE_LIMIT);
        assertThat(busiestMinute).isLessThanOrEqualTo(RATE_LIMIT);
    }

    @Test
    @Order(6)
    void whatCannotBeWrittenWaitsInDeadLettersWithoutHoldingUpOthersAndReplaysOnceAfterTheFix() throws Exception {
        Enrolling.Connected bystander = enrolling.connect(1);
        Exactly.awaitFhirHolds(withings, fhir, bystander.userid(), bystander.patient(), Duration.ofSeconds(60));
        // Two days: yesterday's measures and night are there whatever the hour in the user's time zone.
        Enrolling.Invited invited = enrolling.invite(2);
        // The Patient is removed from the FHIR server (a merge elsewhere) between the invitation and the consent.
        fhir.client().delete().resourceById("Patient", invited.patient().substring("Patient/".length())).execute();
        Enrolling.Connected orphan = enrolling.consent(invited);
        long poisoned = withings.addEcg(bystander.userid(), 0);
        withings.addMeasure(bystander.userid(), 1, new BigDecimal("70.7"));

        // Every page of the orphan's backfill has been tried (each kind with data is a dead letter) before the replay.
        await().atMost(Duration.ofSeconds(60)).until(() -> backfillFinished(orphan.userid())
                && deadLetters(orphan.userid()).size() >= 3 && deadLetters(bystander.userid()).size() == 1);
        JsonNode ecg = deadLetters(bystander.userid()).get(0);
        assertThat(ecg.get("reason").asText()).contains("ECG " + poisoned).contains("sampling frequency 0");
        JsonNode shown = JSON.readTree(browser.json("GET", stack.bridgeUrl("/api/v1/dead-letters/"
                + ecg.get("id").asText()), stack.apiKey(), null).body());
        assertThat(shown.get("payload").findValuesAsText("call")).contains("/v2/heart get");
        assertThat(deadLetters(orphan.userid())).allSatisfy(letter ->
                assertThat(letter.get("reason").asText()).contains(orphan.patient()));
        // The bystander's other data is not held up by either.
        Holdings bystanderHolds = Holdings.of(withings.holdings(bystander.userid()));
        String poisonedWaveform = "withings/" + bystander.userid() + "/ecg/" + poisoned + "/signal";
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            java.util.Set<String> expected = new java.util.TreeSet<>(bystanderHolds.live());
            expected.remove(poisonedWaveform);
            return fhir.snapshot(bystander.patient()).withStatus(false).equals(expected);
        });

        fhir.client().update().resource(new org.hl7.fhir.r4.model.Patient().setActive(true)
                .setId(orphan.patient().substring("Patient/".length()))).execute();
        int replayed = 0;
        for (JsonNode letter : deadLetters(orphan.userid())) {
            HttpResponse<String> replay = browser.json("POST", stack.bridgeUrl("/api/v1/dead-letters/"
                    + letter.get("id").asText() + "/replay"), stack.apiKey(), null);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
            replayed++;
        }
        FhirCopy.Snapshot landed = Exactly.awaitFhirHolds(withings, fhir, orphan.userid(), orphan.patient(),
                Duration.ofSeconds(30));
        HttpResponse<String> stillPoison = browser.json("POST", stack.bridgeUrl("/api/v1/dead-letters/"
                + ecg.get("id").asText() + "/replay"), stack.apiKey(), null);
        System.out.printf("reliability: a Patient missing from FHIR -> %d dead letters, replayed after the fix ->"
                + " exact, %d observations; an ECG at sampling frequency 0 -> 1 dead letter, replay answered %d;"
                + " the other user's data landed meanwhile%n", replayed, landed.observations().size(),
                stillPoison.statusCode());
        assertThat(stillPoison.statusCode()).isEqualTo(409);
    }

    private boolean backfillFinished(long userid) throws Exception {
        HttpResponse<String> backfill = browser.json("GET", stack.bridgeUrl("/api/v1/backfills/" + userid),
                stack.apiKey(), null);
        return backfill.statusCode() == 200 && JSON.readTree(backfill.body()).path("finishedAt").isTextual();
    }

    private List<JsonNode> deadLetters(long userid) throws Exception {
        JsonNode page = JSON.readTree(browser.json("GET", stack.bridgeUrl("/api/v1/dead-letters?size=200"),
                stack.apiKey(), null).body());
        List<JsonNode> mine = new ArrayList<>();
        page.get("items").forEach(item -> {
            if (item.get("withingsUserId").asText().equals(String.valueOf(userid))) {
                mine.add(item);
            }
        });
        return mine;
    }

    @Test
    @Order(7)
    void noTokenIsInTheDatabaseOrTheLogsAndTheAdminApiWantsItsKey() throws Exception {
        List<String> tokens = new ArrayList<>();
        withings.tokens().forEach(pair -> {
            tokens.add(pair.get("accessToken").asText());
            tokens.add(pair.get("refreshToken").asText());
        });
        assertThat(tokens).hasSizeGreaterThan(300);

        StringBuilder dump = new StringBuilder();
        try (Connection database = DriverManager.getConnection(stack.bridgeDatabaseUrl(), "postgres", "");
             Statement statement = database.createStatement();
             ResultSet tables = database.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME"));
            }
            for (String table : names) {
                try (ResultSet rows = statement.executeQuery("select * from " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            byte[] bytes = rows.getBytes(column);
                            if (bytes != null) {
                                dump.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n');
                            }
                        }
                    }
                }
            }
        }
        StringBuilder logs = new StringBuilder();
        for (ModuleProcess bridge : stack.bridges()) {
            logs.append(Files.readString(bridge.log()));
        }
        String database = dump.toString();
        String written = logs.toString();
        List<String> leaked = tokens.stream().filter(token -> database.contains(token) || written.contains(token))
                .toList();
        System.out.printf("reliability: %d tokens issued; searched in a %d-character dump of the bridge database and"
                + " %d characters of bridge logs -> %d found%n", tokens.size(), database.length(), written.length(),
                leaked.size());
        assertThat(leaked).isEmpty();

        assertThat(browser.json("GET", stack.bridgeUrl("/api/v1/dead-letters"), null, null).statusCode()).isEqualTo(401);
        assertThat(browser.json("GET", stack.bridgeUrl("/api/v1/dead-letters"), "iomt_guessed", null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> forged = browser.get(stack.bridgeUrl("/oauth/callback?code=abc&state=forged"));
        assertThat(forged.statusCode()).isEqualTo(400);
    }

    private boolean stackHealthy() {
        return browser.get(stack.bridgeUrl("/actuator/health")).statusCode() == 200;
    }
}
