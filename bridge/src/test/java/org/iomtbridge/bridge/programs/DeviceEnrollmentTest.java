package org.iomtbridge.bridge.programs;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.admin.DashboardSession;
import org.iomtbridge.bridge.admin.Role;
import org.iomtbridge.bridge.audit.AuditQuery;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.support.LinkedPatientsTest;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.iomtbridge.withings.NewMember;
import org.iomtbridge.withings.model.MacAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The care team enrolls patients with the program's cellular devices through the admin API and the dashboard, against
 * the emulator's program over HTTP and the real FHIR server: the device's readings reach the patient's FHIR record, the
 * device is given back and goes to another patient with nothing of the first, every refusal says why and leaves
 * nothing behind, and a program's existing members are imported by identifier.
 */
class DeviceEnrollmentTest extends LinkedPatientsTest {

    private static final int SYSTOLIC = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger DEVICES = new AtomicInteger((int) (System.nanoTime() % 200_000));

    @Autowired
    AuditTrail audit;
    @Autowired
    JdbcClient jdbc;

    private String careTeamKey;

    @BeforeEach
    void careTeam() {
        careTeamKey = apiKeys.create("program-nurse-" + System.nanoTime(), EnumSet.of(Role.CARE_TEAM)).key();
    }

    @Test
    void aDevicesReadingsReachItsPatientAndAfterTheProgramEndsTheNextPatientsOnly() throws Exception {
        IGenericClient fhir = fhir();
        String mac = newDevice("BPM Pro 2");
        String first = patient(fhir, "cellular-first");
        assertThat(error(enroll(first, mac, "DocumentReference/not-stored-" + System.nanoTime(), 422)))
                .contains("store the signed form there first");
        String form = signedForm(fhir, first);
        JsonNode enrolled = enroll(first, mac, form, 201);
        String firstUser = enrolled.get("withingsUserId").asText();
        assertThat(enrolled.get("devices")).extracting(JsonNode::asText).containsExactly(mac);
        assertThat(accounts.find(firstUser)).hasValueSatisfying(account -> {
            assertThat(account.patientReference()).isEqualTo(first);
            assertThat(account.status()).isEqualTo(AccountStatus.ACTIVE);
        });
        JsonNode consent = JSON.readTree(api("GET", "/api/v1/consents/" + firstUser, null).body()).get("consents").get(0);
        assertThat(consent.get("capturedBy").asText()).contains("program-nurse-");
        assertThat(consent.get("signedDocument").asText()).isEqualTo(form);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(fhir.read()
                .resource(Consent.class).withId("withings-consent-" + firstUser).execute().getSourceReference()
                .getReference()).isEqualTo(form));
        assertThat(audit.search(new AuditQuery(Optional.empty(), Optional.of("consent.captured"), Optional.of(first),
                Optional.empty(), Optional.empty(), Optional.empty(), 0, 5)))
                .singleElement().satisfies(entry -> assertThat(entry.actor()).contains("program-nurse-"));

        Observation firstReading = measureAndSync(fhir, mac, firstUser, "128");
        assertThat(firstReading.getSubject().getReference()).isEqualTo(first);
        String deviceId = firstReading.getDevice().getReferenceElement().getIdPart();
        Device device = fhir.read().resource(Device.class).withId(deviceId).execute();
        assertThat(device.getPatient().getReference()).isEqualTo(first);
        assertThat(macOf(device)).isEqualTo(mac);
        JsonNode line = inventoryLine(mac);
        assertThat(line.get("patient").asText()).isEqualTo(first);
        assertThat(line.get("lastReading").isNull()).as(line.toString()).isFalse();

        HttpResponse<String> ended = api("POST", "/api/v1/programs/members/" + firstUser + "/end?devices=RETURNED", null);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(accounts.find(firstUser).orElseThrow().status()).isEqualTo(AccountStatus.REVOKED);
        assertThat(inventoryLine(mac).get("releasedAt").isNull()).isFalse();
        Device released = fhir.read().resource(Device.class).withId(deviceId).execute();
        assertThat(released.getStatus()).isEqualTo(Device.FHIRDeviceStatus.INACTIVE);
        assertThat(released.hasPatient()).isFalse();

        String second = patient(fhir, "cellular-second");
        String secondUser = enroll(second, mac, null, 201).get("withingsUserId").asText();
        assertThat(secondUser).isNotEqualTo(firstUser);
        Observation secondReading = measureAndSync(fhir, mac, secondUser, "141");
        assertThat(secondReading.getSubject().getReference()).isEqualTo(second);
        assertThat(fhir.read().resource(Device.class).withId(deviceId).execute().getPatient().getReference())
                .isEqualTo(second);
        assertThat(observationsOf(fhir, second)).as("nothing the device measured for the first patient")
                .containsExactly(secondReading.getIdElement().getIdPart());
        assertThat(observationsOf(fhir, first)).containsExactly(firstReading.getIdElement().getIdPart());
        assertThat(emulator.holdings(Long.parseLong(secondUser)).toString())
                .doesNotContain(firstReading.getIdElement().getIdPart().replaceAll(".*-grp-(\\d+)-.*", "$1"));
    }

    @Test
    void eachRefusalSaysWhyAndLeavesNothingBehind() throws Exception {
        IGenericClient fhir = fhir();
        String mac = newDevice("Body Pro");
        String holder = patient(fhir, "cellular-holder");
        String holderUser = enroll(holder, mac, null, 201).get("withingsUserId").asText();
        long members = count("program_member");
        long consents = count("consent");

        String other = patient(fhir, "cellular-refused");
        assertThat(error(enroll(other, mac, null, 409))).contains(mac).contains("is with " + holder)
                .contains("end their program first");
        String stranger = "00:24:e4:" + hexPair() + ":" + hexPair() + ":ff";
        assertThat(error(enroll(other, stranger, null, 422))).contains("not authorized");
        assertThat(error(enroll(other, "00:24:e4:zz", null, 400))).contains("MAC");
        assertThat(error(api("POST", "/api/v1/programs/members", body(other, newDevice("BPM Core"), null, "0"))))
                .contains("current text is version 1");
        assertThat(error(enroll("Patient/no-such-patient-" + System.nanoTime(), newDevice("Body"), null, 422)))
                .contains("create the Patient first");
        assertThat(count("program_member")).isEqualTo(members);
        assertThat(count("consent")).isEqualTo(consents);

        String later = newDevice("Thermo");
        emulator.memberCodeLifetime(0);
        try {
            assertThat(error(enroll(other, later, null, 502))).contains("could not be exchanged")
                    .contains("Enroll the same patient with the same device again");
        } finally {
            emulator.memberCodeLifetime(600);
        }
        assertThat(count("consent")).as("no consent without tokens").isEqualTo(consents);
        assertThat(accounts.linkedUsers().stream().map(user -> accounts.find(user).orElseThrow().patientReference()))
                .doesNotContain(other);
        String finished = enroll(other, later, null, 201).get("withingsUserId").asText();
        assertThat(accounts.find(finished).orElseThrow().patientReference()).isEqualTo(other);

        assertThat(audit.search(new AuditQuery(Optional.empty(), Optional.of("program.refused"), Optional.of(other),
                Optional.empty(), Optional.empty(), Optional.empty(), 0, 20))).hasSizeGreaterThanOrEqualTo(4);
        // The holder keeps the device when their program ends: it stays theirs at Withings, so no one else can have it.
        HttpResponse<String> kept = api("POST", "/api/v1/programs/members/" + holderUser + "/end?devices=KEPT", null);
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(accounts.find(holderUser).orElseThrow().status()).isEqualTo(AccountStatus.REVOKED);
        assertThat(error(enroll(other, mac, null, 409))).contains("assigned to another member");
        assertThat(error(api("POST", "/api/v1/programs/members/" + holderUser + "/end?devices=KEPT", null)))
                .contains("is not a member of a program here");

        String operatorKey = apiKeys.create("program-operator-" + System.nanoTime(), EnumSet.of(Role.OPERATOR)).key();
        assertThat(HTTP.send(request(operatorKey, "POST", "/api/v1/programs/members", body(other, mac, null, "1")),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }

    @Test
    void aProgramsExistingMembersAreLinkedByIdentifierAndTheOthersListed() throws Exception {
        IGenericClient fhir = fhir();
        String matchedUser = existingMember(newDevice("BPM Connect"));
        String unmatchedUser = existingMember(newDevice("BPM Connect"));
        Patient patient = new Patient();
        patient.setId("rpm-" + matchedUser);
        patient.addIdentifier(new Identifier().setSystem(FhirSystems.WITHINGS_USER_ID).setValue(matchedUser));
        fhir.update().resource(patient).execute();

        HttpResponse<String> answer = api("POST", "/api/v1/programs/import", "{\"consentTextVersion\": \"1\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(answer.body());
        assertThat(result.get("imported").findValuesAsText("withingsUserId")).contains(matchedUser)
                .doesNotContain(unmatchedUser);
        assertThat(result.get("unmatched").findValuesAsText("withingsUserId")).contains(unmatchedUser);
        assertThat(accounts.find(matchedUser).orElseThrow().patientReference()).isEqualTo("Patient/rpm-" + matchedUser);
        assertThat(accounts.find(unmatchedUser)).isEmpty();

        DashboardSession nurse = careTeamMember("import-nurse-" + System.nanoTime());
        String listed = nurse.postForm("/dashboard/devices/import", "consentTextVersion=1", "/dashboard/devices").body();
        assertThat(listed).contains("already linked").contains(unmatchedUser)
                .contains("add the identifier to their Patient");
    }

    @Test
    void theDevicesPageEnrollsAPatientWithATypedMacAndListsTheInventory() throws Exception {
        IGenericClient fhir = fhir();
        String mac = newDevice("BPM Pro 2");
        String patient = patient(fhir, "cellular-page");
        DashboardSession nurse = careTeamMember("devices-nurse-" + System.nanoTime());
        HttpResponse<String> result = nurse.postForm("/dashboard/devices", "patient=" + patient + "&macAddress="
                + mac.toUpperCase() + "&heightCm=172&weightKg=80&consentTextVersion=1", "/dashboard/devices");
        assertThat(result.body()).contains("Enrolled").contains(patient).contains(mac);
        String page = nurse.get("/dashboard/devices").body();
        assertThat(page).contains("data-mac=\"" + mac + "\"").contains(patient).contains("End program");
        assertThat(nurse.postForm("/dashboard/devices", "patient=" + patient + "&macAddress=" + mac
                + "&heightCm=172&weightKg=80&consentTextVersion=1", "/dashboard/devices").body())
                .contains("is with " + patient);
    }

    private String existingMember(String mac) {
        String email = "rpm-" + System.nanoTime() + "@example.org";
        String code = withings.client().program().activate(new NewMember("rpm-" + System.nanoTime(), email, "RPM",
                LocalDate.of(1950, 3, 1), NewMember.Gender.MAN, new BigDecimal("1.75"), new BigDecimal("80"),
                ZoneId.of("UTC"), "en_US", NewMember.Units.METRIC, false, Optional.empty()),
                List.of(new MacAddress(mac))).authorizationCode();
        return withings.client().oauth().exchangeCode(code, URI.create("http://localhost/oauth/callback")).userId();
    }

    private Observation measureAndSync(IGenericClient fhir, String mac, String withingsUserId, String systolic) {
        JsonNode measured = emulator.deviceMeasures(mac, SYSTOLIC, new BigDecimal(systolic), Instant.now());
        assertThat(measured.get("userid").asText()).isEqualTo(withingsUserId);
        String id = "withings-" + withingsUserId + "-grp-" + measured.get("grpid").asLong() + "-bp";
        scheduler.scheduleIfNotExists(new TaskInstance<>("sync-user", withingsUserId), Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(() -> scheduler.getScheduledExecution(
                TaskInstanceId.of("sync-user", withingsUserId)).isEmpty() && exists(fhir, id));
        return fhir.read().resource(Observation.class).withId(id).execute();
    }

    private static boolean exists(IGenericClient fhir, String observationId) {
        try {
            fhir.read().resource(Observation.class).withId(observationId).execute();
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    private static List<String> observationsOf(IGenericClient fhir, String patient) {
        Bundle found = fhir.search().forResource(Observation.class).where(Observation.SUBJECT.hasId(patient))
                .count(100).returnBundle(Bundle.class).execute();
        return found.getEntry().stream().map(entry -> entry.getResource().getIdElement().getIdPart())
                .filter(id -> id.endsWith("-bp")).toList();
    }

    private static String macOf(Device device) {
        return device.getIdentifier().stream().filter(id -> FhirSystems.DEVICE_MAC_ADDRESS.equals(id.getSystem()))
                .map(Identifier::getValue).findFirst().orElse("");
    }

    private JsonNode inventoryLine(String mac) throws Exception {
        JsonNode lines = JSON.readTree(api("GET", "/api/v1/programs/devices", null).body());
        for (JsonNode line : lines) {
            if (line.get("macAddress").asText().equals(mac)) {
                return line;
            }
        }
        throw new AssertionError("no inventory line of " + mac + " in " + lines);
    }

    private String newDevice(String model) {
        String mac = "00:24:e4:" + hexPair() + ":" + hexPair() + ":" + hexPair();
        emulator.addProgramDevice(mac, model);
        return mac;
    }

    private static String hexPair() {
        return String.format("%02x", DEVICES.incrementAndGet() % 256);
    }

    private static String signedForm(IGenericClient fhir, String patient) {
        DocumentReference form = new DocumentReference();
        form.setId("signed-form-" + System.nanoTime());
        form.setStatus(Enumerations.DocumentReferenceStatus.CURRENT).setSubject(new Reference(patient));
        form.addContent().getAttachment().setContentType("application/pdf").setTitle("Remote monitoring consent, v1");
        fhir.update().resource(form).execute();
        return "DocumentReference/" + form.getIdElement().getIdPart();
    }

    private static String patient(IGenericClient fhir, String prefix) {
        Patient patient = new Patient();
        patient.setId(prefix + "-" + System.nanoTime());
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1948-05-17"));
        fhir.update().resource(patient).execute();
        return "Patient/" + patient.getIdElement().getIdPart();
    }

    private JsonNode enroll(String patient, String mac, String signedDocument, int expectedStatus) throws Exception {
        HttpResponse<String> answer = api("POST", "/api/v1/programs/members", body(patient, mac, signedDocument, "1"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expectedStatus);
        return JSON.readTree(answer.body());
    }

    private static String body(String patient, String mac, String signedDocument, String textVersion) {
        return "{\"patient\": \"" + patient + "\", \"macAddresses\": [\"" + mac + "\"], \"consentTextVersion\": \""
                + textVersion + "\", \"heightCm\": 165, \"weightKg\": 70"
                + (signedDocument == null ? "" : ", \"signedDocument\": \"" + signedDocument + "\"") + "}";
    }

    private static String error(JsonNode answer) {
        return answer.get("error").asText();
    }

    private static String error(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
        return JSON.readTree(answer.body()).get("error").asText();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return HTTP.send(request(careTeamKey, method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String key, String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
