package org.iomtbridge.e2e;

import ca.uhn.fhir.rest.api.SummaryEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo as an evaluator runs it: {@code ./iomt-bridge demo}, a patient enrolled, Ctrl-C, and the demo run again the
 * next day. The second run continues where the first stopped — the patient is named as enrolled and stays connected,
 * a measure made now reaches FHIR within seconds, and no Observation of the first run comes to hold another measure;
 * {@code --fresh} starts from nothing.
 */
class DemoRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSecondRunContinuesWhereTheFirstStoppedAndFreshStartsFromNothing() throws IOException {
        Path data = Files.createTempDirectory(Path.of("target"), "demo-data-").resolve("demo");
        Demo.Ports ports = Demo.Ports.free();
        Enrolling.Connected patient;
        long firstWeighIn;
        Map<String, String> firstRun;
        try (Demo demo = Demo.run(data, ports)) {
            assertThat(demo.startMessage()).contains("No patient is enrolled yet.");
            EmulatorControl withings = new EmulatorControl(demo.emulatorUrl());
            FhirCopy fhir = new FhirCopy(demo.fhirBaseUrl());
            patient = new Enrolling(demo, withings, fhir).connect(2);
            Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(), Duration.ofSeconds(120));
            firstWeighIn = withings.addMeasure(patient.userid(), 1, new BigDecimal("79.534"));
            firstRun = Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(),
                    Duration.ofSeconds(30)).measurementById();
        }

        try (Demo demo = Demo.run(data, ports)) {
            assertThat(demo.startMessage()).contains("Already enrolled")
                    .contains(patient.patient() + "  Withings user " + patient.userid() + ", consent ACTIVE");
            EmulatorControl withings = new EmulatorControl(demo.emulatorUrl());
            FhirCopy fhir = new FhirCopy(demo.fhirBaseUrl());

            long delivered = deliveredNotifications(demo, patient.userid());
            assertThat(delivered).as("the notifications Withings sent in the first run, kept").isPositive();
            long started = System.nanoTime();
            long weighIn = withings.addMeasure(patient.userid(), 1, new BigDecimal("81.25"));
            String measurement = "withings/" + patient.userid() + "/grp/" + weighIn + "/1";
            // Withings tells the bridge at once: the subscription of the first run still names the bridge's webhook.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                    deliveredNotifications(demo, patient.userid()) == delivered + 1);
            // A cold FHIR server takes its time over the first write of a run on a busy machine; the bridge's own
            // checks, which would find the measure without a notification, come hours later.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    fhir.snapshot(patient.patient()).statusByIdentifier().containsKey(measurement));
            System.out.printf("e2e: after the restart, a new measure reached FHIR in %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            FhirCopy.Snapshot after = fhir.snapshot(patient.patient());
            assertThat(after.byIdentifier(measurement).getValueQuantity().getValue()).isEqualByComparingTo("81.25");
            assertThat(firstRun).as("the Observation ids of the first run")
                    .doesNotContainKey(after.byIdentifier(measurement).getIdElement().getIdPart());
            assertThat(after.measurementById()).as("each Observation id of the first run holds what it held")
                    .containsAllEntriesOf(firstRun);
            assertThat(firstRun.values()).anySatisfy(held -> assertThat(held)
                    .startsWith("withings/" + patient.userid() + "/grp/" + firstWeighIn + "/1 final 79.534"));

            JsonNode consent = consent(demo, patient.userid());
            assertThat(consent.path("status").asText()).as(consent.toString()).isEqualTo("ACTIVE");
            assertThat(consent.path("tokensHeld").asBoolean()).isTrue();
        }

        try (Demo demo = Demo.run(data, ports, "--fresh")) {
            assertThat(demo.output()).contains("--fresh: deleted " + data.toAbsolutePath())
                    .contains("the Withings emulator's world").contains("the FHIR server's database")
                    .contains("the bridge's database");
            assertThat(demo.startMessage()).contains("No patient is enrolled yet.");
            assertThat(consent(demo, patient.userid()).path("error").asText()).contains("never consented");
            assertThat(demo.browser("e2e").get(demo.emulatorUrl() + "/_emulator/users/" + patient.userid()
                    + "/holdings").statusCode()).as("the simulated user of the first run").isEqualTo(404);
            assertThat(new FhirCopy(demo.fhirBaseUrl()).client().search().forResource(Observation.class)
                    .summaryMode(SummaryEnum.COUNT).returnBundle(Bundle.class).execute().getTotal()).isZero();
        }
    }

    /** The notifications of the user's data that reached the bridge's webhook, as the emulator lists them. */
    private static long deliveredNotifications(Demo demo, long userid) throws IOException {
        JsonNode attempts = JSON.readTree(demo.browser("e2e").get(demo.emulatorUrl() + "/_emulator/notifications")
                .body());
        return StreamSupport.stream(attempts.spliterator(), false)
                .filter(attempt -> attempt.get("userid").asLong() == userid && attempt.get("delivered").asBoolean()
                        && attempt.get("callbackUrl").asText().startsWith(demo.publicUrl("/webhooks/withings/")))
                .count();
    }

    private static JsonNode consent(Demo demo, long userid) throws IOException {
        Browser careTeam = demo.browser("e2e care team");
        return JSON.readTree(careTeam.json("GET", demo.publicUrl("/api/v1/consents/" + userid), demo.apiKey(), null)
                .body());
    }
}
