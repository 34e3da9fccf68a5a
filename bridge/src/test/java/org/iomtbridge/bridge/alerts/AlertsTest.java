package org.iomtbridge.bridge.alerts;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.bridge.support.LinkedPatientsTest;
import org.iomtbridge.bridge.admin.DashboardSession;
import org.iomtbridge.bridge.admin.Role;
import org.iomtbridge.bridge.audit.AuditQuery;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.support.LinkedPatient;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Out-of-range readings from the emulator through the real sync to the FHIR server: one alert and one Flag per
 * reading past a threshold, moved or withdrawn when Withings corrects or deletes the reading, acknowledged by the
 * care team with who and when.
 */
class AlertsTest extends LinkedPatientsTest {

    private static final int SYSTOLIC = 10;
    private static final int SPO2 = 54;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    AuditTrail audit;


    private LinkedPatient linked;
    private long userid;
    private String patient;
    private IGenericClient fhir;
    private String apiKey;

    @BeforeEach
    void aLinkedPatientWithTwoDaysOfOrdinaryReadings() throws Exception {
        fhir = fhir();
        linked = link(emulator.newUser(2), "alerts");
        userid = linked.userid();
        patient = linked.patient();
        apiKey = apiKeys.create("alerts-test-" + userid, EnumSet.of(Role.CARE_TEAM)).key();
        linked.sync();
        assertThat(alertsOfPatient()).as("two days of ordinary readings raise nothing").isEmpty();
    }

    @Test
    void aReadingPastAThresholdRaisesOneAlertAndOneFlagHoweverOftenItIsWritten() throws Exception {
        long group = emulator.addMeasure(userid, SYSTOLIC, new BigDecimal("192"));
        String observation = "withings-" + userid + "-grp-" + group + "-bp";
        linked.syncUntilWritten(observation);

        JsonNode alerts = alertsOfPatient();
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("status").asText()).isEqualTo("OPEN");
        assertThat(alert.get("interpretation").asText()).isEqualTo("HH");
        assertThat(alert.get("reading").asText()).contains("192").contains("Hypertensive crisis");
        Flag flag = flag(alert);
        assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(flag.getSubject().getReference()).isEqualTo(patient);
        assertThat(((Reference) flag.getExtensionByUrl(FhirSystems.FLAG_DETAIL).getValue()).getReference())
                .isEqualTo("Observation/" + observation);
        assertThat(flag.getCode().getCodingFirstRep().getCode()).isEqualTo("HH");

        linked.syncUntilWritten(observation);
        linked.syncUntilWritten(observation);
        assertThat(alertsOfPatient()).as("no alert twice for the same reading").hasSize(1);
        assertThat(flagsOfPatient()).hasSize(1);
        assertThat(flag(alert).getMeta().getVersionId()).as("the Flag written again unchanged").isEqualTo("1");
    }

    @Test
    void aCorrectedReadingMovesOrWithdrawsItsAlertAndADeletedOneMarksItsFlagEnteredInError() throws Exception {
        long group = emulator.addMeasure(userid, SPO2, new BigDecimal("89"));
        String observation = "withings-" + userid + "-grp-" + group + "-54";
        linked.syncUntilWritten(observation);
        JsonNode raised = alertsOfPatient().get(0);
        assertThat(raised.get("interpretation").asText()).isEqualTo("LL");

        emulator.modifyMeasure(userid, group, SPO2, new BigDecimal("85"));
        linked.syncUntilWritten(observation);
        JsonNode moved = alertsOfPatient().get(0);
        assertThat(moved.get("id").asLong()).isEqualTo(raised.get("id").asLong());
        assertThat(moved.get("reading").asText()).contains("85").doesNotContain("89");
        assertThat(flag(moved).getCode().getText()).contains("85");

        emulator.modifyMeasure(userid, group, SPO2, new BigDecimal("97"));
        linked.syncUntilWritten(observation);
        JsonNode corrected = alert(raised.get("id").asLong());
        assertThat(corrected.get("status").asText()).isEqualTo("CORRECTED");
        assertThat(flag(corrected).getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE);
        assertThat(openAlerts()).noneMatch(open -> open.get("id").asLong() == raised.get("id").asLong());

        emulator.modifyMeasure(userid, group, SPO2, new BigDecimal("88"));
        linked.syncUntilWritten(observation);
        assertThat(alert(raised.get("id").asLong()).get("status").asText()).as("out of range again: reopened")
                .isEqualTo("OPEN");

        emulator.deleteMeasure(userid, group);
        linked.reconcile();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(flag(alert(raised.get("id").asLong())).getStatus())
                        .isEqualTo(Flag.FlagStatus.ENTEREDINERROR));
        assertThat(alert(raised.get("id").asLong()).get("status").asText()).isEqualTo("DELETED");
    }

    @Test
    void anAcknowledgementIsRecordedWithWhoAndWhenAndTheFlagBecomesInactive() throws Exception {
        long group = emulator.addMeasure(userid, SYSTOLIC, new BigDecimal("85"));
        linked.syncUntilWritten("withings-" + userid + "-grp-" + group + "-bp");
        long id = alertsOfPatient().get(0).get("id").asLong();

        HttpResponse<String> acknowledged = api("POST", "/api/v1/alerts/" + id + "/acknowledge");
        assertThat(acknowledged.statusCode()).isEqualTo(200);
        JsonNode alert = alert(id);
        assertThat(alert.get("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(alert.get("acknowledgedBy").asText()).contains("alerts-test-" + userid);
        assertThat(Instant.parse(alert.get("acknowledgedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(flag(alert(id)).getStatus()).isEqualTo(Flag.FlagStatus.INACTIVE));
        assertThat(audit.search(new AuditQuery(Optional.empty(), Optional.of("alert.acknowledged"),
                Optional.of(patient), Optional.empty(), Optional.empty(), Optional.empty(), 0, 10)))
                .singleElement().satisfies(entry -> assertThat(entry.actor()).contains("alerts-test-" + userid));

        assertThat(api("POST", "/api/v1/alerts/" + id + "/acknowledge").statusCode()).as("twice").isEqualTo(409);
        assertThat(api("POST", "/api/v1/alerts/999999999/acknowledge").statusCode()).isEqualTo(404);
        assertThat(api("GET", "/api/v1/alerts?status=SOMETIMES").statusCode()).isEqualTo(400);
        assertThat(openAlerts()).noneMatch(open -> open.get("id").asLong() == id);
    }

    @Test
    void theTriageListShowsOpenAlertsAndACareTeamMemberAcknowledgesOneThere() throws Exception {
        long group = emulator.addMeasure(userid, SYSTOLIC, new BigDecimal("205"));
        linked.syncUntilWritten("withings-" + userid + "-grp-" + group + "-bp");
        long id = alertsOfPatient().get(0).get("id").asLong();
        String nurse = "nurse-" + userid;
        DashboardSession browser = careTeamMember(nurse);

        String triage = browser.get("/dashboard/alerts").body();
        assertThat(triage).contains("data-alert=\"" + id + "\"").contains("205").contains("Hypertensive crisis")
                .contains(patient);

        HttpResponse<String> acknowledged = browser.postForm("/dashboard/alerts/" + id + "/acknowledge", "",
                "/dashboard/alerts");
        assertThat(acknowledged.statusCode()).isEqualTo(302);
        assertThat(browser.get("/dashboard/alerts").body()).as("no longer open").doesNotContain("data-alert=\"" + id + "\"");
        assertThat(browser.get("/dashboard/alerts?status=ACKNOWLEDGED").body())
                .contains("data-alert=\"" + id + "\"").contains("acknowledged by " + nurse);
        assertThat(alert(id).get("acknowledgedBy").asText()).isEqualTo(nurse);
    }

    private Flag flag(JsonNode alert) {
        return fhir.read().resource(Flag.class).withId(alert.get("flagId").asText()).execute();
    }

    private List<Flag> flagsOfPatient() {
        return fhir.search().forResource(Flag.class).where(Flag.SUBJECT.hasId(patient)).returnBundle(Bundle.class)
                .execute().getEntry().stream().map(entry -> (Flag) entry.getResource()).toList();
    }

    private JsonNode alertsOfPatient() throws Exception {
        return JSON.readTree(api("GET", "/api/v1/alerts?status=ALL&patient=alerts-" + userid).body());
    }

    private List<JsonNode> openAlerts() throws Exception {
        List<JsonNode> open = new java.util.ArrayList<>();
        JSON.readTree(api("GET", "/api/v1/alerts").body()).forEach(open::add);
        return open;
    }

    private JsonNode alert(long id) throws Exception {
        for (JsonNode alert : alertsOfPatient()) {
            if (alert.get("id").asLong() == id) {
                return alert;
            }
        }
        throw new AssertionError("no alert " + id);
    }

    private HttpResponse<String> api(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + apiKey)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
