package org.iomtbridge.mapping.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.mapping.Fixtures;
import org.iomtbridge.mapping.R4Validation;
import org.iomtbridge.mapping.fhir.FhirJson;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything {@code convert} makes from every recorded Withings response in {@code fixtures/withings} — Devices,
 * Observations, the Provenance and the Bundle itself — validates with HAPI's instance validator with zero errors:
 * against FHIR R4 core, and, for every Observation that carries the vital-signs category or declares a vital-signs
 * profile, against {@code vitalsigns} and the profile of its code ({@link R4Validation#profiles}).
 * <p>
 * Every resource is mapped; one of each shape is validated ({@link R4Validation#oneOfEachShape}). The recorded
 * responses make about 19 500 resources, about 7 minutes of validation on two cores; their shapes take well under a
 * minute.
 * <p>
 * Warnings accepted (the kinds the fixtures give, each with why):
 * <ul>
 *   <li>"A resource should have narrative" (dom-6): the bridge writes data for machines and no {@code text}; a
 *       server or viewer renders it.</li>
 *   <li>"All observations should have a performer": a device's reading has no performer the bridge can name; a
 *       reading the patient entered names the patient.</li>
 *   <li>"CodeSystem is unknown and can't be validated" for {@code http://loinc.org} and the bridge's own code systems
 *       ({@code https://iomt-bridge.org/fhir/CodeSystem/…}): there is no terminology server here, and the bridge's
 *       systems are not published as CodeSystem resources. LOINC codes are checked by hand instead
 *       ({@code docs/loinc-verification.md}, {@code CodeTableTest}).</li>
 *   <li>"None of the codings provided are in the value set 'Vital Signs'": an extensible binding the validator
 *       cannot check without expanding LOINC.</li>
 *   <li>(information) a blood-pressure component's Withings coding matches no slice: it sits beside the LOINC
 *       coding the slice requires.</li>
 * </ul>
 */
class RecordedResponsesValidateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> fixtures() {
        return Fixtures.names();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everythingConvertMakesIsValid(String fixture, @TempDir Path work) throws IOException {
        Bundle bundle = convert(envelope(fixture, work));
        Collection<Bundle.BundleEntryComponent> shapes = R4Validation.oneOfEachShape(bundle.getEntry(),
                Bundle.BundleEntryComponent::getResource);

        Map<String, List<String>> errors = shapes.parallelStream()
                .collect(Collectors.toConcurrentMap(Bundle.BundleEntryComponent::getFullUrl,
                        entry -> R4Validation.errors(entry.getResource())))
                .entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Bundle ofShapes = new Bundle().setType(bundle.getType());
        shapes.forEach(ofShapes::addEntry);

        assertThat(errors).as("validation errors of " + fixture + " (" + shapes.size() + " shapes of "
                + bundle.getEntry().size() + " entries)").isEmpty();
        assertThat(R4Validation.errors(ofShapes)).as("the Bundle of " + fixture).isEmpty();
    }

    @Test
    void aUnitThatIsNotUcumIsAnError() {
        Observation steps = observation("activity", "41950-7");
        steps.setValue(new Quantity().setValue(1209).setSystem(FhirSystems.UCUM).setCode("steps/day").setUnit("steps"));

        assertThat(R4Validation.errors(steps)).anySatisfy(error -> assertThat(error).contains("steps/day"));
    }

    @Test
    void aVitalSignIsHeldToItsProfileEvenWhenItDeclaresNone() {
        Observation heartRate = observation("vital-signs", "8867-4");
        heartRate.setValue(new Quantity().setValue(61).setSystem(FhirSystems.UCUM).setCode("kg").setUnit("kg"));

        assertThat(R4Validation.profiles(heartRate)).contains("http://hl7.org/fhir/StructureDefinition/heartrate");
        assertThat(R4Validation.errors(heartRate)).as("the heart-rate profile fixes the unit /min").isNotEmpty();
    }

    private static Observation observation(String category, String loinc) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept().addCoding(
                new Coding(FhirSystems.OBSERVATION_CATEGORY, category, null)));
        observation.setCode(new CodeableConcept().addCoding(new Coding(FhirSystems.LOINC, loinc, null)));
        observation.setSubject(new Reference("Patient/p1"));
        observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2023-10-20T08:00:00+02:00"));
        return observation;
    }

    /** The recorded file, or for a bare list of measure groups, the whole response it came in. */
    private static Path envelope(String fixture, Path work) throws IOException {
        Path recorded = Fixtures.directory().resolve(fixture);
        if (JSON.readTree(recorded.toFile()).isObject()) {
            return recorded;
        }
        ObjectNode response = JSON.createObjectNode().put("status", 0);
        response.set("body", Fixtures.body(fixture));
        return Files.writeString(work.resolve(fixture), JSON.writeValueAsString(response));
    }

    private static Bundle convert(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = ConvertCommand.commandLine(new ConvertCommand(
                Clock.fixed(Instant.parse("2026-11-26T08:00:00Z"), ZoneOffset.UTC)));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));

        int exit = command.execute(file.toString(), "--withings-user", "12345678", "--patient", "Patient/p1");

        assertThat(exit).as(err.toString()).isZero();
        return FhirJson.parser().parseResource(Bundle.class, out.toString());
    }
}
