package org.iomtbridge.bridge.consent;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.iomtbridge.bridge.adherence.Adherence;
import org.iomtbridge.bridge.alerts.Alerts;
import org.iomtbridge.bridge.fhirwrite.FhirPages;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Erases from the FHIR server what the bridge wrote of one Withings user: their Observations, the Flags of their
 * alerts and the Provenance of the batches that wrote them; then the alerts themselves and the days counted for
 * adherence. Devices (shared by model) and
 * the FHIR Consent (the record of the withdrawal) stay.
 */
@Service
class DataErasure {

    private static final Logger LOG = LoggerFactory.getLogger(DataErasure.class);

    private final IGenericClient fhir;
    private final FhirWriter writer;
    private final Alerts alerts;
    private final Adherence adherence;

    public DataErasure(IGenericClient fhirClient, FhirWriter writer, Alerts alerts, Adherence adherence) {
        this.fhir = fhirClient;
        this.writer = writer;
        this.alerts = alerts;
        this.adherence = adherence;
    }

    /** @return how many resources were deleted; running it again finds nothing left and deletes nothing */
    public int erase(String withingsUserId, String patientReference) {
        String prefix = "withings/" + withingsUserId + "/";
        Set<String> provenances = new LinkedHashSet<>();
        List<String> flags = writtenOf(Flag.class, FhirSystems.ALERT_ID, patientReference, prefix, provenances);
        List<String> observations = writtenOf(Observation.class, FhirSystems.WITHINGS_MEASUREMENT_ID,
                patientReference, prefix, provenances);
        // What references another goes first: Provenances name both, Flags name Observations.
        List<String> doomed = new ArrayList<>(provenances);
        doomed.addAll(flags);
        doomed.addAll(observations);
        int deleted = writer.delete(doomed);
        int forgotten = alerts.forget(withingsUserId);
        adherence.forget(withingsUserId);
        LOG.info("Erased from FHIR what the bridge wrote of Withings user {}: {} Observations, {} Flags, {} Provenances;"
                + " {} alerts forgotten", withingsUserId, observations.size(), flags.size(), provenances.size(),
                forgotten);
        return deleted;
    }

    /**
     * The resources of this type the bridge wrote of the user for the patient (their identifier in {@code system}
     * starts with {@code prefix}), as references; the Provenances that name them are added to {@code provenances}.
     */
    private List<String> writtenOf(Class<? extends Resource> type, String system, String patientReference,
                                   String prefix, Set<String> provenances) {
        List<String> written = new ArrayList<>();
        String typeName = fhir.getFhirContext().getResourceType(type);
        Bundle first = fhir.search().forResource(type)
                .where(new ReferenceClientParam("subject").hasId(patientReference))
                .and(new TokenClientParam("identifier").hasSystemWithAnyCode(system))
                .revInclude(new Include("Provenance:target"))
                .count(500).returnBundle(Bundle.class).execute();
        FhirPages.forEach(fhir, first, resource -> {
            if (resource instanceof Provenance provenance) {
                provenances.add("Provenance/" + provenance.getIdElement().getIdPart());
            } else if (type.isInstance(resource) && identifiers(resource).stream()
                    .anyMatch(id -> system.equals(id.getSystem()) && id.getValue() != null
                            && id.getValue().startsWith(prefix))) {
                written.add(typeName + "/" + resource.getIdElement().getIdPart());
            }
        });
        return written;
    }

    private static List<Identifier> identifiers(Resource resource) {
        return resource instanceof Observation observation ? observation.getIdentifier()
                : ((Flag) resource).getIdentifier();
    }
}
