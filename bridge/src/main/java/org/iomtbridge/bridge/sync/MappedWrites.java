package org.iomtbridge.bridge.sync;

import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.mapping.MappingResult;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.withings.Normalized;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Normalized Withings data to FHIR for a patient: mapped, its notes logged, written with a Provenance per batch. */
@Component
public class MappedWrites {

    private static final Logger LOG = LoggerFactory.getLogger(MappedWrites.class);

    private final FhirWriter writer;
    private final Clock clock;
    private final WithingsFhirMapper mapper = WithingsFhirMapper.standard();

    public MappedWrites(FhirWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    public WithingsFhirMapper mapper() {
        return mapper;
    }

    /**
     * @param sourceSha256 the SHA-256 the Provenance names as source
     * @param description  where that source is kept, for the Provenance
     */
    public MappingResult write(String withingsUserId, String patientReference, Normalized normalized,
                               String sourceSha256, String description) {
        MappingResult mapped = mapper.toFhir(normalized, new Reference(patientReference));
        mapped.notes().forEach(note -> LOG.info("Withings user {}: {}", withingsUserId, note));
        if (!mapped.resources().isEmpty()) {
            writer.write(mapped.resources(), batch -> mapper.builder().provenance(batch, sourceSha256, description,
                    clock.instant()));
        }
        return mapped;
    }
}
