package org.iomtbridge.bridge.dashboard;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.mapping.fhir.FhirSystems;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What tells the care team whether a reading can be trusted, as the mapping marked it in FHIR: its data-quality tags
 * ({@code meta.tag}) and the interpretation of its value against the reference range.
 */
final class ReadingMarks {

    /** A data-quality tag, with the label the care team reads beside the reading. */
    enum Quality {
        PATIENT_REPORTED(FhirSystems.DATA_QUALITY, "patient-reported", "Entered by the patient"),
        USER_CONFIRMED(FhirSystems.DATA_QUALITY, "user-confirmed", "Measured by a device, confirmed by the patient"),
        AMBIGUOUS(FhirSystems.DATA_QUALITY, "ambiguous-attribution", "Device shared: attribution ambiguous"),
        UNKNOWN(FhirSystems.DATA_QUALITY, "unknown-attribution", "Attribution unknown: Withings' code undocumented"),
        // Withings' attribution 5: the blood-pressure monitor took a series and reports one value computed from it.
        AVERAGED(FhirSystems.WITHINGS_ATTRIB, "5", "Average of several readings");

        private final String system;
        private final String code;
        private final String label;

        Quality(String system, String code, String label) {
            this.system = system;
            this.code = code;
            this.label = label;
        }

        /** The name a chart point carries: the tag's code, but {@code averaged} for the raw attribution. */
        public String key() {
            return this == AVERAGED ? "averaged" : code;
        }

        public String label() {
            return label;
        }
    }

    /**
     * How a value compares with its reference range.
     *
     * @param part which of a panel's values it judges ("Systolic blood pressure"); empty for the reading's own value
     * @param code the interpretation's code: N, L, H, LL, HH, or U for a change
     * @param range the range's text, with its source
     */
    record Judgment(String part, String code, String label, String range) {

        /** Whether the value lies outside the normal range. */
        public boolean abnormal() {
            return !"N".equals(code);
        }

        Judgment of(String part) {
            return new Judgment(part == null ? "" : part, code, label, range);
        }
    }

    private ReadingMarks() {
    }

    static List<Quality> quality(Observation observation) {
        return Arrays.stream(Quality.values()).filter(quality -> observation.getMeta().getTag().stream()
                .anyMatch(tag -> quality.system.equals(tag.getSystem()) && quality.code.equals(tag.getCode())))
                .toList();
    }

    static Optional<Judgment> judgment(Observation observation) {
        return judgment(observation.getInterpretation(), observation.getReferenceRange());
    }

    static Optional<Judgment> judgment(Observation.ObservationComponentComponent component) {
        return judgment(component.getInterpretation(), component.getReferenceRange());
    }

    private static Optional<Judgment> judgment(List<CodeableConcept> interpretations,
                                               List<Observation.ObservationReferenceRangeComponent> ranges) {
        Optional<Coding> interpretation = interpretations.stream().flatMap(concept -> concept.getCoding().stream())
                .filter(coding -> FhirSystems.OBSERVATION_INTERPRETATION.equals(coding.getSystem())).findFirst();
        String range = ranges.stream().map(Observation.ObservationReferenceRangeComponent::getText)
                .filter(text -> text != null && !text.isBlank()).findFirst().orElse("");
        return interpretation.map(coding -> new Judgment("", coding.getCode(),
                coding.hasDisplay() ? coding.getDisplay() : coding.getCode(), range));
    }
}
