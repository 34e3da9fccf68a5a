package org.iomtbridge.bridge.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.admin.DashboardSession;
import org.iomtbridge.bridge.support.LinkedPatient;
import org.iomtbridge.bridge.support.LinkedPatientsTest;
import org.junit.jupiter.api.Test;
import org.springframework.web.util.HtmlUtils;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A patient's page tells the care team whether each reading can be trusted, as the mapping marked it in FHIR: beside a
 * weight the patient typed in, its data-quality tag as words; beside a heart rate out of its normal range, the
 * interpretation and the range; beside a normal device reading, neither. The charts' data carry the same marks, point
 * by point, with their labels. A reading deleted in Withings leaves the list.
 */
class PatientPageTest extends LinkedPatientsTest {

    private static final int WEIGHT = 1;
    private static final int HEART_RATE = 11;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLatestReadingsShowTheirInterpretationAndDataQualityAndTheChartPointsCarryThem() throws Exception {
        long userid = emulator.newUser(0);
        Instant now = Instant.now();
        long typedIn = emulator.addMeasure(userid, WEIGHT, new BigDecimal("84.6"), now.minus(Duration.ofHours(3)), true);
        long fast = emulator.addMeasure(userid, HEART_RATE, new BigDecimal("118"), now.minus(Duration.ofHours(2)));
        long resting = emulator.addMeasure(userid, HEART_RATE, new BigDecimal("64"), now.minus(Duration.ofHours(1)));
        LinkedPatient linked = link(userid, "page");
        String typedInId = observationId(userid, typedIn, WEIGHT);
        String fastId = observationId(userid, fast, HEART_RATE);
        String restingId = observationId(userid, resting, HEART_RATE);
        linked.syncUntilWritten(restingId);
        Observation fastInFhir = fhir().read().resource(Observation.class).withId(fastId).execute();
        String high = fastInFhir.getInterpretationFirstRep().getCodingFirstRep().getDisplay();
        String range = fastInFhir.getReferenceRangeFirstRep().getText();
        assertThat(fastInFhir.getInterpretationFirstRep().getCodingFirstRep().getCode()).as("out of range").isNotEqualTo("N");

        DashboardSession browser = careTeamMember("nurse-page-" + userid);
        String patientPath = "/dashboard/patients/" + linked.patient().substring("Patient/".length());
        String page = browser.get(patientPath).body();

        assertThat(row(page, typedInId)).contains("84.6 kg").contains("Entered by the patient").doesNotContain(high);
        assertThat(row(page, fastId)).contains("118").contains(">" + high + "<").contains(range)
                .doesNotContain("Entered by the patient");
        assertThat(row(page, restingId)).contains("64").contains(">Normal<").doesNotContain(">" + high + "<")
                .doesNotContain("quality-tag");

        JsonNode heartRate = JSON.readTree(browser.getJson(patientPath + "/charts/heart-rate").body());
        JsonNode measured = heartRate.get("series").get(0).get("points");
        assertThat(measured).hasSize(2);
        assertThat(measured.get(0).get("interpretation").asText()).isEqualTo(fastInFhir.getInterpretationFirstRep()
                .getCodingFirstRep().getCode());
        assertThat(measured.get(1).get("interpretation").asText()).isEqualTo("N");
        assertThat(measured.get(1).has("quality")).as("a plain device reading").isFalse();
        assertThat(heartRate.get("marks").get(measured.get(0).get("interpretation").asText()).asText()).isEqualTo(high);
        JsonNode weight = JSON.readTree(browser.getJson(patientPath + "/charts/weight").body());
        assertThat(weight.get("series").get(0).get("points").get(0).get("quality").get(0).asText())
                .isEqualTo("patient-reported");
        assertThat(weight.get("marks").get("patient-reported").asText()).isEqualTo("Entered by the patient");

        // The patient deletes the weight in Withings: entered-in-error in FHIR, no longer a reading.
        emulator.deleteMeasure(userid, typedIn);
        linked.reconcile();
        await().atMost(Duration.ofSeconds(60)).until(() -> fhir().read().resource(Observation.class).withId(typedInId)
                .execute().getStatus() == Observation.ObservationStatus.ENTEREDINERROR);
        assertThat(browser.get(patientPath).body()).doesNotContain("data-observation=\"" + typedInId + "\"")
                .contains("data-observation=\"" + restingId + "\"");
    }

    private static String observationId(long userid, long grpid, int type) {
        return "withings-" + userid + "-grp-" + grpid + "-" + type;
    }

    /** The row of the latest readings that shows this Observation, its text as the browser shows it. */
    private static String row(String page, String observationId) {
        Matcher row = Pattern.compile("<tr data-observation=\"" + Pattern.quote(observationId) + "\">(.*?)</tr>",
                Pattern.DOTALL).matcher(page);
        assertThat(row.find()).as("a row of " + observationId + " in " + page).isTrue();
        return HtmlUtils.htmlUnescape(row.group(1));
    }
}
