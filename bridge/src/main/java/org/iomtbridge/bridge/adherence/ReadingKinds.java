package org.iomtbridge.bridge.adherence;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.shared.TsvResource;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The kinds of reading adherence counts, as {@code adherence-kinds.tsv} lists them. */
@Component
class ReadingKinds {

    /** @param name as in the table and the export, such as {@code blood-pressure} */
    record Kind(String name, String label) {
    }

    private final Map<String, Kind> byLoinc = new LinkedHashMap<>();

    ReadingKinds() {
        for (List<String> row : TsvResource.rows("/adherence-kinds.tsv", 3)) {
            if (!row.get(1).matches("[a-z0-9-]{1,32}")) {
                throw new IllegalStateException("adherence-kinds.tsv: a kind is 1 to 32 of a-z, 0-9 and '-': "
                        + row.get(1));
            }
            byLoinc.put(row.get(0), new Kind(row.get(1), row.get(2)));
        }
    }

    /** Every kind, in the table's order, once. */
    List<Kind> all() {
        return byLoinc.values().stream().distinct().toList();
    }

    /** The kind of a spot reading (an Observation of one instant) with a code of the table. */
    Optional<Kind> of(Observation observation) {
        if (!observation.hasEffectiveDateTimeType()) {
            return Optional.empty();
        }
        return observation.getCode().getCoding().stream()
                .filter(coding -> FhirSystems.LOINC.equals(coding.getSystem()))
                .map(Coding::getCode).map(byLoinc::get).filter(kind -> kind != null).findFirst();
    }
}
