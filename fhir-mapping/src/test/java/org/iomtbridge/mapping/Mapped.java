package org.iomtbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.iomtbridge.mapping.withings.RawResponses;
import org.iomtbridge.mapping.withings.WithingsResponseKind;

import java.util.List;
import java.util.Optional;

/** Maps recorded responses the way the bridge does, for user 12345678 and Patient/p1. */
final class Mapped {

    static final String USER = "12345678";
    static final Reference PATIENT = new Reference("Patient/p1");

    private Mapped() {
    }

    static MappingResult fixture(String name) {
        return body(Fixtures.body(name), WithingsFhirMapper.standard());
    }

    static MappingResult body(JsonNode body, WithingsFhirMapper mapper) {
        WithingsResponseKind kind = WithingsResponseKind.detect(body)
                .orElseThrow(() -> new AssertionError("no kind detected for " + body));
        return mapper.toFhir(new RawResponses(mapper.normalizer()).normalize(kind, body, USER, Optional.empty()), PATIENT);
    }

    static Observation byId(MappingResult result, String id) {
        return result.observations().stream().filter(observation -> observation.getIdPart().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no Observation " + id + " among "
                        + result.observations().stream().map(Observation::getIdPart).limit(20).toList()));
    }

    static List<Observation> withLoinc(MappingResult result, String loinc) {
        return result.observations().stream().filter(observation -> loinc(observation).equals(Optional.of(loinc))).toList();
    }

    static Optional<String> loinc(Observation observation) {
        return observation.getCode().getCoding().stream().filter(coding -> FhirSystems.LOINC.equals(coding.getSystem()))
                .map(Coding::getCode).findFirst();
    }

    static Optional<String> withingsCode(Observation observation) {
        return observation.getCode().getCoding().stream()
                .filter(coding -> coding.getSystem().equals(FhirSystems.WITHINGS_MEASURE_TYPE)
                        || coding.getSystem().equals(FhirSystems.WITHINGS_DATA))
                .map(Coding::getCode).findFirst();
    }
}
