package org.iomtbridge.e2e;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.iomtbridge.mapping.R4Validation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A patient's whole journey through the running system, each step checked from outside the bridge: after every step
 * the FHIR server holds exactly what the emulator holds — every value once, nothing missing, nothing extra — and every
 * resource the bridge wrote validates against FHIR R4: each changed reading as it changes, and at the end everything the
 * patient's record holds (one of each shape, {@link R4Validation#oneOfEachShape}) against R4 core and vital signs.
 */
abstract class PatientJourneyBehaviour {

    /** Deletions reach FHIR through reconciliation, which this journey runs every few seconds instead of hours. */
    static final String[] JOURNEY_SETTINGS = {"--iomt.withings.reconcile-interval=5s"};
    /** Withings' limit for a partner application of this size; the journey is not about the limit. */
    static final int JOURNEY_RATE_LIMIT = 600;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Browser browser = new Browser("Mozilla/5.0 (e2e patient)");

    abstract Stack stack();

    @Test
    void consentBackfillNewModifiedDeletedUnlinkAndFhirHoldsExactlyWhatWithingsHolds() throws Exception {
        Stack stack = stack();
        EmulatorControl withings = new EmulatorControl(stack.emulatorUrl());
        FhirCopy fhir = new FhirCopy(stack.fhirBaseUrl());
        // The care team enrolls the patient; the patient consents, then authorizes at Withings.
        Enrolling.Connected connected = new Enrolling(stack, withings, fhir).connect(7);
        long userid = connected.userid();
        String patient = connected.patient();

        // The backfill: a week of every kind of data.
        FhirCopy.Snapshot backfilled = Exactly.awaitFhirHolds(withings, fhir, userid, patient, Duration.ofSeconds(120));
        assertThat(backfilled.observations()).hasSizeGreaterThan(300);
        assertThat(backfilled.related()).extracting(resource -> resource.fhirType()).contains("Provenance", "Device");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> fhir.client().read()
                .resource(Consent.class).withId("withings-consent-" + userid).execute().getStatus()
                == Consent.ConsentState.ACTIVE);

        // A new weigh-in reaches FHIR within 5 seconds.
        long started = System.nanoTime();
        long grpid = withings.addMeasure(userid, 1, new BigDecimal("91.25"));
        String weighIn = "withings/" + userid + "/grp/" + grpid + "/1";
        AtomicReference<Observation> arrived = new AtomicReference<>();
        // Read by its id, which follows from the measure: a search of the patient's 300 Observations every 100 ms
        // would load the FHIR server the timing is about.
        String weighInObservation = "withings-" + userid + "-grp-" + grpid + "-1";
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                arrived.set(fhir.client().read().resource(Observation.class).withId(weighInObservation).execute());
            } catch (ResourceNotFoundException notYet) {
                arrived.set(null);
            }
            return arrived.get() != null;
        });
        System.out.printf("e2e: the new measure reached FHIR in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(arrived.get().getValueQuantity().getValue()).isEqualByComparingTo("91.25");
        String weighInId = arrived.get().getIdElement().getIdPart();
        FhirCopy.Snapshot afterNew = Exactly.awaitFhirHolds(withings, fhir, userid, patient, Duration.ofSeconds(10));
        assertThat(afterNew.observations()).hasSize(backfilled.observations().size() + 1);
        assertValid(List.of(afterNew.byIdentifier(weighIn)));

        // The user corrects it in Withings: the same resource changes.
        withings.modifyMeasure(userid, grpid, 1, new BigDecimal("90.5"));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                fhir.snapshot(patient).byIdentifier(weighIn).getValueQuantity().getValue()
                        .compareTo(new BigDecimal("90.5")) == 0);
        FhirCopy.Snapshot afterModified = Exactly.awaitFhirHolds(withings, fhir, userid, patient, Duration.ofSeconds(10));
        Observation corrected = afterModified.byIdentifier(weighIn);
        assertThat(corrected.getIdElement().getIdPart()).isEqualTo(weighInId);
        assertThat(Integer.parseInt(corrected.getMeta().getVersionId())).isGreaterThan(1);
        assertThat(afterModified.observations()).hasSameSizeAs(afterNew.observations());
        assertValid(List.of(corrected));

        // The user deletes it in Withings: it stays in FHIR, entered-in-error.
        withings.deleteMeasure(userid, grpid);
        FhirCopy.Snapshot afterDeleted = Exactly.awaitFhirHolds(withings, fhir, userid, patient, Duration.ofSeconds(30));
        assertThat(afterDeleted.byIdentifier(weighIn).getStatus()).isEqualTo(Observation.ObservationStatus.ENTEREDINERROR);
        assertThat(afterDeleted.observations()).hasSameSizeAs(afterNew.observations());
        assertValid(List.of(afterDeleted.byIdentifier(weighIn)));

        // The user unlinks the application in Withings: the consent ends, the tokens are destroyed, the data stays.
        withings.unlink(userid);
        String consentUrl = stack.bridgeUrl("/api/v1/consents/" + userid);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() ->
                JSON.readTree(browser.json("GET", consentUrl, stack.apiKey(), null).body()).get("status").asText()
                        .equals("REVOKED"));
        JsonNode revoked = JSON.readTree(browser.json("GET", consentUrl, stack.apiKey(), null).body());
        assertThat(revoked.get("tokensHeld").asBoolean()).as("tokens destroyed").isFalse();
        assertThat(revoked.get("consents").get(0).get("status").asText()).isEqualTo("REVOKED");
        await().atMost(Duration.ofSeconds(10)).until(() -> fhir.client().read().resource(Consent.class)
                .withId("withings-consent-" + userid).execute().getStatus() == Consent.ConsentState.INACTIVE);
        FhirCopy.Snapshot afterUnlink = fhir.snapshot(patient);
        assertThat(afterUnlink.matches(Holdings.of(withings.holdings(userid)))).isTrue();

        // Everything the journey wrote for the patient, read back, validates.
        List<IBaseResource> written = fhir.everythingOf(patient, "withings-consent-" + userid);
        assertThat(written).extracting(IBaseResource::fhirType)
                .contains("Patient", "Consent", "Observation", "Device", "Provenance");
        Collection<IBaseResource> shapes = R4Validation.oneOfEachShape(written, resource -> resource);
        System.out.printf("e2e: %d shapes of the %d resources written for the patient (%s) validated%n", shapes.size(),
                written.size(), written.stream().collect(Collectors.groupingBy(IBaseResource::fhirType,
                        java.util.TreeMap::new, Collectors.counting())));
        assertValid(shapes);
    }

    @Test
    void aCellularDeviceEnrolledByTheCareTeamBringsItsReadingsExactlyThenServesTheNextPatientOnly() throws Exception {
        Stack stack = stack();
        EmulatorControl withings = new EmulatorControl(stack.emulatorUrl());
        FhirCopy fhir = new FhirCopy(stack.fhirBaseUrl());
        long unique = System.nanoTime();
        String mac = String.format("00:24:e4:%02x:%02x:%02x", unique % 256, (unique >> 8) % 256, (unique >> 16) % 256);
        withings.addProgramDevice(mac, "BPM Pro 2");

        // The care team enrolls the first patient with the device, in one step: no account, no phone, no OAuth.
        String first = cellularPatient(fhir, "e2e-cellular-first");
        long firstUser = enrollWithDevice(stack, first, mac);
        withings.deviceMeasures(mac, 10, new BigDecimal("132"), java.time.Instant.now().minusSeconds(60));
        withings.deviceMeasures(mac, 10, new BigDecimal("127"), java.time.Instant.now());
        FhirCopy.Snapshot firstHolds = Exactly.awaitFhirHolds(withings, fhir, firstUser, first, Duration.ofSeconds(60));
        assertThat(firstHolds.observations()).hasSize(2);
        assertThat(firstHolds.related()).extracting(resource -> resource.fhirType()).contains("Device");

        // The patient leaves the program and gives the device back; it goes to the next patient.
        HttpResponse<String> ended = browser.json("POST", stack.bridgeUrl("/api/v1/programs/members/" + firstUser
                + "/end?devices=RETURNED"), stack.apiKey(), null);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        String second = cellularPatient(fhir, "e2e-cellular-second");
        long secondUser = enrollWithDevice(stack, second, mac);
        assertThat(secondUser).isNotEqualTo(firstUser);
        withings.deviceMeasures(mac, 10, new BigDecimal("141"), java.time.Instant.now());
        FhirCopy.Snapshot secondHolds = Exactly.awaitFhirHolds(withings, fhir, secondUser, second,
                Duration.ofSeconds(60));
        assertThat(secondHolds.observations()).as("the second patient's one reading, none of the first's").hasSize(1);
        assertThat(fhir.snapshot(first).matches(Holdings.of(withings.holdings(firstUser))))
                .as("the first patient's record unchanged").isTrue();
        assertValid(secondHolds.observations());
    }

    private long enrollWithDevice(Stack stack, String patient, String mac) throws Exception {
        HttpResponse<String> enrolled = browser.json("POST", stack.bridgeUrl("/api/v1/programs/members"),
                stack.apiKey(), "{\"patient\": \"" + patient + "\", \"macAddresses\": [\"" + mac + "\"],"
                        + " \"consentTextVersion\": \"1\", \"heightCm\": 168, \"weightKg\": 74}");
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        return JSON.readTree(enrolled.body()).get("withingsUserId").asLong();
    }

    private static String cellularPatient(FhirCopy fhir, String prefix) {
        Patient patient = new Patient();
        patient.setId(prefix + "-" + System.nanoTime());
        patient.setGender(Enumerations.AdministrativeGender.MALE).setBirthDateElement(new DateType("1941-09-30"));
        fhir.client().update().resource(patient).execute();
        return "Patient/" + patient.getIdElement().getIdPart();
    }

    private static void assertValid(Collection<? extends IBaseResource> resources) {
        Map<String, List<String>> errors = resources.parallelStream().collect(Collectors.toConcurrentMap(
                resource -> resource.getIdElement().toUnqualifiedVersionless().getValue(), R4Validation::errors));
        errors.values().removeIf(List::isEmpty);
        assertThat(errors).as("validation errors of " + resources.size() + " resources").isEmpty();
    }
}
