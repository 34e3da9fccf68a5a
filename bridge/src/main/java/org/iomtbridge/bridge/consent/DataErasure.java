package org.iomtbridge.bridge.consent;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
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
 * Erases from the FHIR server what the bridge wrote of one Withings user: their Observations and the Provenance of
 * the batches that wrote them. Devices (shared by model) and the FHIR Consent (the record of the withdrawal) stay.
 */
@Service
class DataErasure {

    private static final Logger LOG = LoggerFactory.getLogger(DataErasure.class);

    private final IGenericClient fhir;
    private final FhirWriter writer;

    public DataErasure(IGenericClient fhirClient, FhirWriter writer) {
        this.fhir = fhirClient;
        this.writer = writer;
    }

    /** @return how many resources were deleted; running it again finds nothing left and deletes nothing */
    public int erase(String withingsUserId, String patientReference) {
        String prefix = "withings/" + withingsUserId + "/";
        Set<String> provenances = new LinkedHashSet<>();
        List<String> observations = new ArrayList<>();
        Bundle first = fhir.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId(patientReference))
                .and(new TokenClientParam("identifier").hasSystemWithAnyCode(FhirSystems.WITHINGS_MEASUREMENT_ID))
                .revInclude(new Include("Provenance:target"))
                .count(500).returnBundle(Bundle.class).execute();
        FhirPages.forEach(fhir, first, resource -> {
            if (resource instanceof Observation observation && observation.getIdentifier().stream()
                    .anyMatch(id -> FhirSystems.WITHINGS_MEASUREMENT_ID.equals(id.getSystem())
                            && id.getValue() != null && id.getValue().startsWith(prefix))) {
                observations.add("Observation/" + observation.getIdElement().getIdPart());
            } else if (resource instanceof Provenance provenance) {
                provenances.add("Provenance/" + provenance.getIdElement().getIdPart());
            }
        });
        List<String> doomed = new ArrayList<>(provenances);
        doomed.addAll(observations);
        int deleted = writer.delete(doomed);
        LOG.info("Erased from FHIR what the bridge wrote of Withings user {}: {} Observations, {} Provenances",
                withingsUserId, observations.size(), provenances.size());
        return deleted;
    }
}
