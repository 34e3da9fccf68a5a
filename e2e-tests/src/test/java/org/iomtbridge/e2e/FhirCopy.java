package org.iomtbridge.e2e;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.fhirwrite.FhirPages;
import org.iomtbridge.mapping.fhir.FhirSystems;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the FHIR server holds for one patient, read through its REST API. */
final class FhirCopy {

    private final IGenericClient fhir;

    FhirCopy(String baseUrl) {
        FhirContext context = FhirContext.forR4Cached();
        context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        this.fhir = context.newRestfulGenericClient(baseUrl);
    }

    /** Reading (and, for the care team's Patients, writing) a FHIR server that wants an OAuth2 access token. */
    FhirCopy(String baseUrl, String accessToken) {
        this(baseUrl);
        fhir.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
    }

    IGenericClient client() {
        return fhir;
    }

    /** One read of the patient's Observations: each, the server's count, and each one's Provenance and Devices. */
    Snapshot snapshot(String patient) {
        List<Observation> observations = new ArrayList<>();
        List<IBaseResource> related = new ArrayList<>();
        Bundle page = fhir.search().forResource(Observation.class).where(Observation.SUBJECT.hasId(patient))
                .revInclude(new ca.uhn.fhir.model.api.Include("Provenance:target"))
                .include(new ca.uhn.fhir.model.api.Include("Observation:device"))
                .count(500).returnBundle(Bundle.class).execute();
        FhirPages.forEach(fhir, page, resource -> {
            if (resource instanceof Observation observation) {
                observations.add(observation);
            } else {
                related.add(resource);
            }
        });
        int counted = fhir.search().forResource(Observation.class).where(Observation.SUBJECT.hasId(patient))
                .summaryMode(SummaryEnum.COUNT).returnBundle(Bundle.class).execute().getTotal();
        return new Snapshot(observations, related, counted);
    }

    /**
     * Everything the server holds for the patient: the Patient, the Consent with this id, the Observations with their
     * Provenances and Devices, the patient's other Devices, and the Flags raised about them.
     */
    List<IBaseResource> everythingOf(String patient, String consentId) {
        Snapshot snapshot = snapshot(patient);
        Map<String, IBaseResource> everything = new java.util.LinkedHashMap<>();
        java.util.function.Consumer<IBaseResource> add = resource -> everything.putIfAbsent(
                resource.getIdElement().toUnqualifiedVersionless().getValue(), resource);
        add.accept(fhir.read().resource(Patient.class).withId(patient).execute());
        add.accept(fhir.read().resource(Consent.class).withId(consentId).execute());
        snapshot.observations().forEach(add);
        snapshot.related().forEach(add);
        FhirPages.forEach(fhir, fhir.search().forResource(Device.class).where(Device.PATIENT.hasId(patient))
                .count(500).returnBundle(Bundle.class).execute(), add::accept);
        FhirPages.forEach(fhir, fhir.search().forResource(Flag.class).where(Flag.SUBJECT.hasId(patient))
                .count(500).returnBundle(Bundle.class).execute(), add::accept);
        return List.copyOf(everything.values());
    }

    /**
     * @param counted the server's own count of the patient's Observations
     */
    record Snapshot(List<Observation> observations, List<IBaseResource> related, int counted) {

        /** The measurement identifier of each Observation with its status; a duplicate identifier appears once. */
        Map<String, String> statusByIdentifier() {
            Map<String, String> statuses = new TreeMap<>();
            for (Observation observation : observations) {
                statuses.put(identifier(observation), observation.getStatus().toCode());
            }
            return statuses;
        }

        Set<String> withStatus(boolean enteredInError) {
            return statusByIdentifier().entrySet().stream()
                    .filter(entry -> entry.getValue().equals("entered-in-error") == enteredInError)
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        }

        /**
         * What each Observation id holds: the measurement it names (its Withings identifier) and the value, so that an
         * id given to another measurement, or another value, shows.
         */
        Map<String, String> measurementById() {
            Map<String, String> measurements = new TreeMap<>();
            for (Observation observation : observations) {
                StringBuilder value = new StringBuilder(identifier(observation)).append(' ')
                        .append(observation.getStatus().toCode());
                if (observation.hasValueQuantity()) {
                    value.append(' ').append(observation.getValueQuantity().getValue().toPlainString());
                }
                observation.getComponent().stream().filter(component -> component.hasValueQuantity())
                        .forEach(component -> value.append(' ').append(component.getValueQuantity().getValue()
                                .toPlainString()));
                measurements.put(observation.getIdElement().getIdPart(), value.toString());
            }
            return measurements;
        }

        Observation byIdentifier(String identifier) {
            return observations.stream().filter(observation -> identifier(observation).equals(identifier)).findFirst()
                    .orElseThrow(() -> new AssertionError("no Observation " + identifier + " in FHIR"));
        }

        /** Whether FHIR holds exactly what the emulator holds: every value once, deleted ones entered-in-error. */
        boolean matches(Holdings holdings) {
            return counted == observations.size() && statusByIdentifier().size() == observations.size()
                    && withStatus(false).equals(holdings.live()) && withStatus(true).equals(holdings.deleted());
        }

        private static String identifier(Observation observation) {
            return observation.getIdentifier().stream().filter(id -> FhirSystems.WITHINGS_MEASUREMENT_ID.equals(id.getSystem()))
                    .map(Identifier::getValue).findFirst().orElse("none:" + observation.getIdElement().getIdPart());
        }
    }
}
