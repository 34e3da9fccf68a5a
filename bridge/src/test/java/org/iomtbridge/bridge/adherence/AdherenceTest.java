package org.iomtbridge.bridge.adherence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iomtbridge.bridge.support.LinkedPatientsTest;
import org.iomtbridge.bridge.admin.Role;
import org.iomtbridge.bridge.support.LinkedPatient;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Adherence counted exactly for a patient whose readings the test places: days in the patient's own time zone (a
 * reading late in a Los Angeles evening is that day's, not the next UTC day's), the previous period apart, a deleted
 * reading no longer counted.
 */
class AdherenceTest extends LinkedPatientsTest {

    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    private static final int WEIGHT = 1;
    private static final int SYSTOLIC = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();



    @Test
    void daysAreCountedInThePatientsTimeZoneAndADeletedReadingNoLongerCounts() throws Exception {
        long userid = emulator.newUser(0, LOS_ANGELES.getId());
        LocalDate today = LocalDate.now(LOS_ANGELES);
        for (int daysAgo = 1; daysAgo <= 15; daysAgo++) {
            emulator.addMeasure(userid, WEIGHT, new BigDecimal("81.2"), at(today.minusDays(daysAgo), 12, 0));
        }
        // 23:30 in Los Angeles is 07:30 the next day in UTC: the reading is the earlier day's.
        emulator.addMeasure(userid, SYSTOLIC, new BigDecimal("128"), at(today.minusDays(28), 23, 30));
        emulator.addMeasure(userid, WEIGHT, new BigDecimal("80.9"), at(today.minusDays(35), 8, 0));
        emulator.addMeasure(userid, WEIGHT, new BigDecimal("80.7"), at(today.minusDays(40), 8, 0));
        long todays = emulator.addMeasure(userid, WEIGHT, new BigDecimal("81.0"),
                Instant.now().minus(Duration.ofMinutes(1)));
        LinkedPatient linked = link(userid, "adherence");
        String apiKey = apiKeys.create("adherence-test-" + userid, EnumSet.of(Role.CARE_TEAM)).key();

        linked.syncUntilWritten("withings-" + userid + "-grp-" + todays + "-1");

        JsonNode counted = patient(apiKey, linked.patient());
        assertThat(counted.get("periodEnd").asText()).isEqualTo(today.toString());
        assertThat(counted.get("days").asInt()).as("today, 15 days of weights, a blood pressure").isEqualTo(17);
        assertThat(counted.get("daysByKind").get("weight").asInt()).isEqualTo(16);
        assertThat(counted.get("daysByKind").get("blood-pressure").asInt()).isEqualTo(1);
        assertThat(counted.get("previousDays").asInt()).isEqualTo(2);
        assertThat(counted.get("daysSinceLastReading").asInt()).isZero();
        assertThat(counted.get("standing").asText()).isEqualTo("MEETS");

        emulator.deleteMeasure(userid, todays);
        linked.reconcile();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(patient(apiKey, linked.patient()).get("days").asInt()).isEqualTo(16));
        JsonNode afterDeletion = patient(apiKey, linked.patient());
        assertThat(afterDeletion.get("daysSinceLastReading").asInt()).isEqualTo(1);
        assertThat(afterDeletion.get("standing").asText())
                .as("the blood pressure of 28 days ago leaves the period in 2 days: 15 days then").isEqualTo("AT_RISK");
        assertThat(afterDeletion.get("fallsBelowInDays").asInt()).isEqualTo(2);

        JsonNode attention = JSON.readTree(api(apiKey, "/api/v1/adherence?attention=true").body());
        assertThat(attention.get("requiredDays").asInt()).isEqualTo(16);
        assertThat(attention.get("patients").findValuesAsText("patientReference")).contains(linked.patient());

        HttpResponse<String> csv = api(apiKey, "/api/v1/adherence?format=csv&end=" + today);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/csv"));
        assertThat(csv.body().lines().findFirst()).hasValueSatisfying(header -> assertThat(header)
                .startsWith("patient,withingsUserId,periodStart,periodEnd,standing,days,previousDays,"));
        assertThat(csv.body().lines().filter(line -> line.startsWith(linked.patient() + ",")))
                .singleElement().satisfies(line -> assertThat(line).contains(",AT_RISK,16,2,"));
        assertThat(api(apiKey, "/api/v1/adherence?end=yesterday").statusCode()).isEqualTo(400);
        assertThat(api(apiKey, "/api/v1/adherence?sort=shoe-size").statusCode()).isEqualTo(400);
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).atZone(LOS_ANGELES).toInstant();
    }

    private JsonNode patient(String apiKey, String patient) throws Exception {
        for (JsonNode row : JSON.readTree(api(apiKey, "/api/v1/adherence").body()).get("patients")) {
            if (row.get("patientReference").asText().equals(patient)) {
                return row;
            }
        }
        throw new AssertionError(patient + " is not in the adherence report");
    }

    private HttpResponse<String> api(String apiKey, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
