package org.iomtbridge.bridge.thresholds;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.admin.DashboardSession;
import org.iomtbridge.bridge.admin.Role;
import org.iomtbridge.bridge.audit.AuditQuery;
import org.iomtbridge.bridge.audit.AuditRecord;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.support.LinkedPatient;
import org.iomtbridge.bridge.support.LinkedPatientsTest;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thresholds changed by the care team for one patient, through the admin API, judge that patient's readings taken from
 * then on — not earlier readings written again, not other patients' — and the heart-failure weight-gain rules judge a
 * weigh-in against the patient's earlier ones in FHIR: readings from the emulator through the real sync.
 */
class ThresholdsTest extends LinkedPatientsTest {

    private static final int WEIGHT = 1;
    private static final int SYSTOLIC = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stricter than the defaults: 140 mm Hg and more calls the patient. */
    private static final String STRICT_SYSTOLIC = """
            8480-6\tvalue\tLL\t-\t<=90\tmm[Hg]\tSystolic 90 mm Hg or lower\tCardiology program
            8480-6\tvalue\tN\t>90\t<130\tmm[Hg]\tOn target\tCardiology program
            8480-6\tvalue\tH\t>=130\t<140\tmm[Hg]\tAbove target\tCardiology program
            8480-6\tvalue\tHH\t>=140\t-\tmm[Hg]\tCall the patient\tCardiology program
            """;

    @Autowired
    AuditTrail audit;

    @Test
    void aPatientsChangedThresholdJudgesTheirReadingsTakenFromThenOnOnly() throws Exception {
        String apiKey = apiKeys.create("thresholds-test-" + System.nanoTime(), EnumSet.of(Role.CARE_TEAM)).key();
        IGenericClient fhir = fhir();
        LinkedPatient strict = link(emulator.newUser(1), "thresholds");
        LinkedPatient other = link(emulator.newUser(1), "thresholds");
        strict.sync();
        other.sync();
        long before = emulator.addMeasure(strict.userid(), SYSTOLIC, new BigDecimal("150"),
                Instant.now().minus(1, ChronoUnit.HOURS));
        String beforeId = "withings-" + strict.userid() + "-grp-" + before + "-bp";
        strict.syncUntilWritten(beforeId);
        assertThat(systolic(fhir, beforeId).getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");

        String id = strict.patient().substring("Patient/".length());
        HttpResponse<String> changed = api(apiKey, "PUT", "/api/v1/thresholds/8480-6?patient=" + id
                + "&reason=cardiology%20review", STRICT_SYSTOLIC);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(JSON.readTree(changed.body()).get("origin").asText()).isEqualTo("PATIENT");

        // Withings times a reading to the second; the change was made within this second.
        long after = emulator.addMeasure(strict.userid(), SYSTOLIC, new BigDecimal("150"), Instant.now().plusSeconds(1));
        String afterId = "withings-" + strict.userid() + "-grp-" + after + "-bp";
        strict.syncUntilWritten(afterId);
        Observation.ObservationComponentComponent judged = systolic(fhir, afterId);
        assertThat(judged.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("HH");
        assertThat(judged.getInterpretationFirstRep().getText()).contains("Call the patient");
        assertThat(judged.getReferenceRangeFirstRep().getText()).contains("On target").contains("<130");
        assertThat(alerts(apiKey, id)).singleElement().satisfies(alert ->
                assertThat(alert.get("reading").asText()).contains("150").contains("Call the patient"));

        emulator.modifyMeasure(strict.userid(), before, SYSTOLIC, new BigDecimal("152"));
        strict.syncUntilWritten(beforeId);
        Observation.ObservationComponentComponent rewritten = systolic(fhir, beforeId);
        assertThat(rewritten.getValueQuantity().getValue()).isEqualByComparingTo("152");
        assertThat(rewritten.getInterpretationFirstRep().getCodingFirstRep().getCode())
                .as("taken before the change: judged by what was in force then").isEqualTo("H");
        assertThat(rewritten.getReferenceRangeFirstRep().getText()).contains("ACC/AHA 2017");
        assertThat(alerts(apiKey, id)).hasSize(1);

        long elsewhere = emulator.addMeasure(other.userid(), SYSTOLIC, new BigDecimal("150"), Instant.now());
        String elsewhereId = "withings-" + other.userid() + "-grp-" + elsewhere + "-bp";
        other.syncUntilWritten(elsewhereId);
        assertThat(systolic(fhir, elsewhereId).getInterpretationFirstRep().getCodingFirstRep().getCode())
                .as("another patient keeps the defaults").isEqualTo("H");

        JsonNode inForce = JSON.readTree(api(apiKey, "GET", "/api/v1/thresholds?patient=" + id, null).body());
        assertThat(inForce.findValues("loinc").stream().map(JsonNode::asText)).contains("8480-6", "8462-4");
        for (JsonNode code : inForce) {
            assertThat(code.get("origin").asText()).as(code.get("loinc").asText())
                    .isEqualTo(code.get("loinc").asText().equals("8480-6") ? "PATIENT" : "DEFAULT");
        }
        DashboardSession nurse = careTeamMember("thresholds-nurse-" + strict.userid());
        String page = nurse.get("/dashboard/patients/" + id).body();
        assertThat(page).contains("data-loinc=\"8480-6\"").contains("this patient").contains("Call the patient")
                .contains("cardiology review").doesNotContain("data-loinc=\"8462-4\"");
        assertThat(nurse.get("/dashboard/patients/"
                + other.patient().substring("Patient/".length())).body())
                .contains("nothing was changed for this patient").doesNotContain("Call the patient");

        assertThat(audit.search(new AuditQuery(Optional.empty(), Optional.of("thresholds.changed"),
                Optional.of(strict.patient()), Optional.empty(), Optional.empty(), Optional.empty(), 0, 10)))
                .singleElement().satisfies(entry -> assertThat(entry.detail()).contains("8480-6")
                        .contains("cardiology review"));
    }

    @Test
    void aChangeTheTableDoesNotAllowIsRefusedWithItsReasonRecordedAndNothingChanges() throws Exception {
        String apiKey = apiKeys.create("thresholds-refusals-" + System.nanoTime(), EnumSet.of(Role.CARE_TEAM)).key();
        String gap = STRICT_SYSTOLIC.replace(">=140", ">=141");
        HttpResponse<String> refused = api(apiKey, "PUT", "/api/v1/thresholds/8480-6?patient=refused-1", gap);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("should start where the previous one");
        HttpResponse<String> otherCode = api(apiKey, "PUT", "/api/v1/thresholds/8462-4?patient=refused-1",
                STRICT_SYSTOLIC);
        assertThat(otherCode.statusCode()).isEqualTo(400);
        assertThat(otherCode.body()).contains("one code at a time");
        assertThat(api(apiKey, "PUT", "/api/v1/thresholds/systolic", STRICT_SYSTOLIC).statusCode()).isEqualTo(400);
        assertThat(api(apiKey, "PUT", "/api/v1/thresholds/8480-6?patient=../x", STRICT_SYSTOLIC).statusCode())
                .isEqualTo(400);

        JsonNode inForce = JSON.readTree(api(apiKey, "GET", "/api/v1/thresholds?patient=refused-1", null).body());
        for (JsonNode code : inForce) {
            assertThat(code.get("origin").asText()).isEqualTo("DEFAULT");
        }
        List<AuditRecord> recorded = audit.search(new AuditQuery(Optional.empty(), Optional.of("thresholds.changed"),
                Optional.of("Patient/refused-1"), Optional.empty(), Optional.empty(), Optional.empty(), 0, 10));
        assertThat(recorded).hasSize(2).allSatisfy(entry -> assertThat(entry.outcome()).isEqualTo("REFUSED"));

        HttpResponse<String> unjudged = api(apiKey, "PUT", "/api/v1/thresholds/29463-7?patient=no-heart-failure-1", "");
        assertThat(unjudged.statusCode()).as(unjudged.body()).isEqualTo(200);
        JsonNode weight = null;
        for (JsonNode code : JSON.readTree(api(apiKey, "GET", "/api/v1/thresholds?patient=no-heart-failure-1", null)
                .body())) {
            weight = code.get("loinc").asText().equals("29463-7") ? code : weight;
        }
        assertThat(weight).as("the code is listed, with no bands").isNotNull();
        assertThat(weight.get("origin").asText()).as("an empty table: no rule for this patient").isEqualTo("PATIENT");
        assertThat(weight.get("bands")).isEmpty();

        String operator = apiKeys.create("thresholds-operator-" + System.nanoTime(), EnumSet.of(Role.OPERATOR)).key();
        assertThat(api(operator, "PUT", "/api/v1/thresholds/8480-6", STRICT_SYSTOLIC).statusCode())
                .as("thresholds are the care team's").isIn(403, 404);
    }

    @Test
    void aWeightGainOverADayOrAWeekRaisesAnAlertAgainstTheEarlierWeighInInFhir() throws Exception {
        String apiKey = apiKeys.create("thresholds-weight-" + System.nanoTime(), EnumSet.of(Role.CARE_TEAM)).key();
        IGenericClient fhir = fhir();
        LinkedPatient patient = link(emulator.newUser(1), "weight");
        patient.sync();
        Instant day0 = Instant.now().minus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        long first = emulator.addMeasure(patient.userid(), WEIGHT, new BigDecimal("80.0"), day0);
        long steady = emulator.addMeasure(patient.userid(), WEIGHT, new BigDecimal("80.5"),
                day0.plus(Duration.ofHours(23)));
        long jump = emulator.addMeasure(patient.userid(), WEIGHT, new BigDecimal("81.7"),
                day0.plus(Duration.ofHours(49)));
        patient.syncUntilWritten(weight(patient, jump));
        assertThat(interpretations(fhir, weight(patient, first))).isEmpty();
        assertThat(interpretations(fhir, weight(patient, steady))).as("+0.5 kg in a day").isEmpty();
        assertThat(interpretations(fhir, weight(patient, jump))).singleElement().satisfies(judged -> {
            assertThat(judged.getCodingFirstRep().getCode()).isEqualTo("U");
            assertThat(judged.getCodingFirstRep().getSystem()).isEqualTo(FhirSystems.OBSERVATION_INTERPRETATION);
            assertThat(judged.getText()).contains("in a day").contains("+1.2 kg");
        });

        // A week after the first weigh-in, with nothing in the day before: judged against the weigh-in already in FHIR.
        long week = emulator.addMeasure(patient.userid(), WEIGHT, new BigDecimal("82.4"),
                day0.plus(Duration.ofDays(7)).plus(Duration.ofHours(2)));
        patient.syncUntilWritten(weight(patient, week));
        assertThat(interpretations(fhir, weight(patient, week))).singleElement().satisfies(judged ->
                assertThat(judged.getText()).contains("in a week").contains("+2.4 kg"));

        String id = patient.patient().substring("Patient/".length());
        assertThat(alerts(apiKey, id)).hasSize(2).allSatisfy(alert ->
                assertThat(alert.get("interpretation").asText()).isEqualTo("U"));
    }

    private static String weight(LinkedPatient patient, long group) {
        return "withings-" + patient.userid() + "-grp-" + group + "-1";
    }

    private static List<CodeableConcept> interpretations(IGenericClient fhir, String observation) {
        return fhir.read().resource(Observation.class).withId(observation).execute().getInterpretation();
    }

    private static Observation.ObservationComponentComponent systolic(IGenericClient fhir, String observation) {
        return fhir.read().resource(Observation.class).withId(observation).execute().getComponent().stream()
                .filter(component -> component.getCode().getCoding().stream()
                        .anyMatch(coding -> "8480-6".equals(coding.getCode())))
                .findFirst().orElseThrow();
    }

    private List<JsonNode> alerts(String apiKey, String patientId) throws Exception {
        List<JsonNode> alerts = new java.util.ArrayList<>();
        JSON.readTree(api(apiKey, "GET", "/api/v1/alerts?status=ALL&patient=" + patientId, null).body())
                .forEach(alerts::add);
        return alerts;
    }

    private HttpResponse<String> api(String apiKey, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + apiKey);
        if (body != null) {
            request.header("Content-Type", "text/tab-separated-values");
        }
        return HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
