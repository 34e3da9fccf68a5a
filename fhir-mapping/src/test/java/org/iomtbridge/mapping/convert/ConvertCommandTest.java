package org.iomtbridge.mapping.convert;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.iomtbridge.mapping.R4Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code convert}: saved responses in, one valid collection Bundle out; a bad file stops everything. */
class ConvertCommandTest {

    private static final Path FIXTURES = Path.of(System.getProperty("withings.fixtures.dir", "../fixtures/withings"));

    @TempDir
    Path work;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int convert(String... args) {
        CommandLine command = ConvertCommand.commandLine(new ConvertCommand(
                Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC)));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void aWeighInBecomesABundleWithOneBodyWeightObservation() {
        int exit = convert(FIXTURES.resolve("measurement.json").toString());

        assertThat(exit).as(err.toString()).isZero();
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, out.toString());
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(bundle.getEntry()).extracting(entry -> entry.getResource().fhirType())
                .containsExactly("Device", "Observation", "Provenance");
        Observation weight = (Observation) bundle.getEntry().get(1).getResource();
        assertThat(weight.getCode().getCodingFirstRep().getCode()).isEqualTo("29463-7");
        assertThat(weight.getValueQuantity().getValue()).isEqualByComparingTo("118.003");
        assertThat(weight.getValueQuantity().getCode()).isEqualTo("kg");
        assertThat(weight.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2023-09-02T12:39:11+02:00");
        assertThat(weight.getSubject().getReference()).isEqualTo("Patient/withings-unknown");
        Provenance provenance = (Provenance) bundle.getEntry().get(2).getResource();
        assertThat(provenance.getTarget()).extracting(target -> target.getReference())
                .contains("Observation/" + weight.getIdPart());
        assertThat(provenance.getEntityFirstRep().getWhat().getDisplay()).isEqualTo("measurement.json");
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue()).startsWith("sha256:");
        assertThat(R4Validation.errors(bundle)).as("the Bundle and its Provenance validate").isEmpty();
    }

    @Test
    void severalFilesAPatientAndAnOutputFile() throws Exception {
        Path bundleFile = work.resolve("bundle.json");

        int exit = convert(FIXTURES.resolve("activity.json").toString(), FIXTURES.resolve("workouts.json").toString(),
                FIXTURES.resolve("notify_list.json").toString(),
                "--patient", "Patient/123", "--withings-user", "777", "--out", bundleFile.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).isEmpty();
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, Files.readString(bundleFile));
        assertThat(bundle.getEntry()).filteredOn(entry -> entry.getResource() instanceof Observation)
                .hasSize(35)
                .allSatisfy(entry -> assertThat(((Observation) entry.getResource()).getSubject().getReference())
                        .isEqualTo("Patient/123"));
        assertThat(bundle.getEntry()).filteredOn(entry -> entry.getResource() instanceof Provenance).hasSize(2);
        assertThat(bundle.getEntry()).anySatisfy(entry ->
                assertThat(entry.getResource().getIdPart()).isEqualTo("withings-777-day-2023-10-20-steps"));
        assertThat(err.toString()).contains("notify_list.json: a notify-list answer carries no health data");
        assertThat(bundle.getEntryFirstRep().getFullUrl()).startsWith("http://localhost:8082/fhir/Observation/withings-777-day-");
        assertThat(R4Validation.errors(bundle)).isEmpty();
    }

    @Test
    void aFileThatIsNotAWithingsResponseStopsEverythingWithAClearError() throws Exception {
        Path bundleFile = work.resolve("bundle.json");
        Path notJson = Files.writeString(work.resolve("notes.txt"), "weight 80 kg");

        int exit = convert(FIXTURES.resolve("measurement.json").toString(), notJson.toString(),
                FIXTURES.resolve("measurement_list.json").toString(), "--out", bundleFile.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .contains("error: " + notJson + ": the response is not JSON")
                .contains("measurement_list.json: the response is not a Withings response (a JSON object with status "
                        + "and body): [ { \"grpid\": 2726375354,")
                .contains("Nothing was written.");
        assertThat(bundleFile).doesNotExist();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aResponseWithANonZeroStatusIsRefusedWithItsStatus() throws Exception {
        Path expired = Files.writeString(work.resolve("expired.json"),
                "{\"status\":401,\"body\":{},\"error\":\"XRequestID: Not provided invalid_token\"}");

        int exit = convert(expired.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains(expired + ": the response failed with Withings status 401");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void wrongOptionsAreNamed() {
        int exit = convert(FIXTURES.resolve("measurement.json").toString(), "--patient", "Practitioner/1",
                "--kind", "weather", "--zone", "Mars/Olympus");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--patient Practitioner/1 should be a reference like Patient/123")
                .contains("--kind weather is not a call this command knows")
                .contains("--zone Mars/Olympus is not a time zone");
    }

    @Test
    void anEcgWaveformNeedsItsSignalIdAndTime() throws Exception {
        Path waveform = Files.writeString(work.resolve("ecg.json"),
                "{\"status\":0,\"body\":{\"signal\":[1,2,3],\"sampling_frequency\":300,\"wearposition\":1}}");

        assertThat(convert(waveform.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("give its signal id and time");

        err.getBuffer().setLength(0);
        assertThat(convert(waveform.toString(), "--signal-id", "42", "--recorded-at", "2023-09-02T10:39:11Z"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"data\": \"1 2 3\"").contains("\"period\": 3.333333333333333");
    }
}
