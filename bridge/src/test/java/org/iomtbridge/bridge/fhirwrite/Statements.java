package org.iomtbridge.bridge.fhirwrite;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.SystemRestfulInteraction;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.iomtbridge.mapping.fhir.FhirJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Capability statements for the tests: recorded from real servers, or made by hand as a server might answer. */
final class Statements {

    /** What the bridge writes with its default settings, as its features declare it. */
    static final List<FhirWrites> BRIDGE_DEFAULTS = List.of(
            new FhirWrites("the sync of Withings data", Set.of("Observation", "Device", "Provenance"), Set.of()),
            new FhirWrites("the FHIR Consent of each patient", Set.of("Consent", "Provenance"), Set.of()));

    private Statements() {
    }

    /**
     * HAPI FHIR JPA 8.6.1's statement, as the embedded server answered {@code GET /metadata} before it listed its
     * bundle interactions; its search parameters and operations are left out, as the bridge does not read them.
     */
    static CapabilityStatement hapi() {
        try (InputStream in = Statements.class.getResourceAsStream("/capability-statements/hapi-8.6.1.json")) {
            return FhirJson.context().newJsonParser().parseResource(CapabilityStatement.class,
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server statement listing these system interactions, and these resource types with their interactions. */
    static CapabilityStatement handMade(Set<SystemRestfulInteraction> system,
                                        Map<String, Set<TypeRestfulInteraction>> resources) {
        CapabilityStatement statement = new CapabilityStatement();
        CapabilityStatement.CapabilityStatementRestComponent rest = statement.addRest()
                .setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        system.forEach(code -> rest.addInteraction().setCode(code));
        resources.forEach((type, interactions) -> {
            CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource().setType(type);
            interactions.forEach(code -> resource.addInteraction().setCode(code));
        });
        return statement;
    }

    /** A watch of a server that answers this statement. */
    static TargetServerWatch watching(CapabilityStatement statement, FhirWriterProperties properties) {
        return new TargetServerWatch(() -> statement, BRIDGE_DEFAULTS, properties, Clock.systemUTC());
    }
}
