package org.iomtbridge.bridge.programs;

import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.admin.ApiKeys;
import org.iomtbridge.bridge.admin.Role;
import org.iomtbridge.bridge.fhirwrite.FhirWriterConfiguration;
import org.iomtbridge.bridge.fhirwrite.FhirWriterProperties;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.iomtbridge.bridge.support.SharedServers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bridge whose client secret is not the program's: Withings refuses its signature, and the care team is told to
 * check the bridge's settings, with nothing created on either side.
 */
class ProgramSignatureTest extends BridgeTest {

    @DynamicPropertySource
    static void wrongSecret(DynamicPropertyRegistry registry) {
        useH2(registry);
        SharedServers.register(registry);
        registry.add("iomt.withings.client-secret", () -> "not-the-program-application-secret");
    }

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    FhirWriterProperties fhirWriterProperties;
    @LocalServerPort
    int port;

    @Test
    void aRefusedSignatureNamesTheSettingsAndCreatesNothing() throws Exception {
        String mac = "00:24:e4:5e:" + String.format("%02x:%02x", System.nanoTime() % 256, (System.nanoTime() / 7) % 256);
        new EmulatorControl(SharedServers.emulatorBaseUrl()).addProgramDevice(mac, "BPM Core");
        Patient patient = new Patient();
        patient.setId("signature-" + System.nanoTime());
        patient.setGender(Enumerations.AdministrativeGender.MALE).setBirthDateElement(new DateType("1944-02-11"));
        FhirWriterConfiguration.client(new FhirWriterProperties(fhirWriterProperties.baseUrl(), 0, null, 0, null, null,
                null, null)).update().resource(patient).execute();
        String key = apiKeys.create("signature-nurse", EnumSet.of(Role.CARE_TEAM)).key();

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/programs/members"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"patient\": \"" + patient.getIdElement().getIdPart()
                        + "\", \"macAddresses\": [\"" + mac + "\"], \"consentTextVersion\": \"1\", \"heightCm\": 180,"
                        + " \"weightKg\": 82}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(502);
        assertThat(answer.body()).contains("signature").contains("iomt.withings.client-id and client-secret");
        assertThat(jdbc.sql("select count(*) from program_member").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from consent").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from withings_account").query(Long.class).single()).isZero();
    }
}
