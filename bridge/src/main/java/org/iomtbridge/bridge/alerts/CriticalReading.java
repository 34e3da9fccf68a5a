package org.iomtbridge.bridge.alerts;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Type;
import org.iomtbridge.mapping.fhir.FhirSystems;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What of an Observation is past an alert threshold. The mapping has judged the reading against the reference ranges
 * (reference-ranges.tsv): the bands coded {@code HH} and {@code LL} are the alert thresholds, on the Observation's own
 * value or on a component's (a blood-pressure panel's systolic and diastolic); so is a change rule's {@code U} (a
 * heart-failure weight gain), added by the thresholds module.
 *
 * @param interpretation {@code HH}, {@code LL} or {@code U}; where parts of one reading have several, the first
 * @param reading        each critical part with its value and the band it fell in
 */
record CriticalReading(String interpretation, String reading, Instant measuredAt) {

    private static final Set<String> CRITICAL = Set.of("HH", "LL", "U");
    private static final int MAX_READING = 1000;

    static Optional<CriticalReading> of(Observation observation) {
        if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        List<String> interpretations = new ArrayList<>();
        critical(observation.getCode(), observation.getValue(), observation.getInterpretation(), parts, interpretations);
        for (Observation.ObservationComponentComponent component : observation.getComponent()) {
            critical(component.getCode(), component.getValue(), component.getInterpretation(), parts,
                    interpretations);
        }
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        String reading = String.join("; ", parts);
        return Optional.of(new CriticalReading(interpretations.get(0),
                reading.length() > MAX_READING ? reading.substring(0, MAX_READING - 1) + "…" : reading,
                measuredAt(observation)));
    }

    private static void critical(CodeableConcept code, Type value, List<CodeableConcept> judged, List<String> parts,
                                 List<String> interpretations) {
        for (CodeableConcept interpretation : judged) {
            for (Coding coding : interpretation.getCoding()) {
                if (FhirSystems.OBSERVATION_INTERPRETATION.equals(coding.getSystem())
                        && CRITICAL.contains(coding.getCode())) {
                    interpretations.add(coding.getCode());
                    parts.add(name(code) + " " + value(value) + ": "
                            + (interpretation.hasText() ? interpretation.getText() : coding.getDisplay()));
                    return;
                }
            }
        }
    }

    private static String name(CodeableConcept code) {
        if (code.hasText()) {
            return code.getText();
        }
        return code.getCoding().stream().map(Coding::getDisplay).filter(display -> display != null)
                .findFirst().orElse("Reading");
    }

    private static String value(Type value) {
        if (value instanceof Quantity quantity && quantity.hasValue()) {
            String unit = quantity.hasUnit() ? quantity.getUnit() : quantity.getCode();
            return quantity.getValue().stripTrailingZeros().toPlainString() + (unit == null ? "" : " " + unit);
        }
        return value == null ? "" : value.primitiveValue();
    }

    private static Instant measuredAt(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return observation.getEffectiveDateTimeType().getValue().toInstant();
        }
        if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
            return observation.getEffectivePeriod().getStart().toInstant();
        }
        return observation.getIssued().toInstant();
    }
}
