package org.iomtbridge.bridge.alerts;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.iomtbridge.mapping.fhir.ResourceIds;

import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * An alert as a FHIR Flag, so that the care team's own FHIR tools see what the triage list shows: a clinical flag on
 * the patient, its code the reading's critical interpretation with the reading as text, pointing at the Observation
 * with the core flag-detail extension, active while open; inactive once acknowledged or corrected, from then on;
 * entered-in-error when the reading was deleted. Its id follows from the Observation's, so a reading has one Flag.
 */
final class AlertFlags {

    private static final int MAX_ID = 64;

    private AlertFlags() {
    }

    static String flagId(String observationId) {
        String readable = "alert-" + observationId;
        return readable.length() <= MAX_ID ? readable
                : "alert-" + ResourceIds.sha256(observationId.getBytes(StandardCharsets.UTF_8)).substring(0, 40);
    }

    static Flag flag(Alert alert) {
        Flag flag = new Flag();
        flag.setId(alert.flagId());
        flag.addIdentifier(new Identifier().setSystem(FhirSystems.ALERT_ID)
                .setValue("withings/" + alert.withingsUserId() + "/" + alert.observationId()));
        flag.setStatus(switch (alert.status()) {
            case OPEN -> Flag.FlagStatus.ACTIVE;
            case ACKNOWLEDGED, CORRECTED -> Flag.FlagStatus.INACTIVE;
            case DELETED -> Flag.FlagStatus.ENTEREDINERROR;
        });
        flag.addCategory(new CodeableConcept().addCoding(new Coding(FhirSystems.FLAG_CATEGORY, "clinical",
                "Clinical")));
        flag.setCode(new CodeableConcept().addCoding(new Coding(FhirSystems.OBSERVATION_INTERPRETATION,
                alert.interpretation(), "HH".equals(alert.interpretation()) ? "Critical high" : "Critical low"))
                .setText(alert.reading()));
        flag.setSubject(new Reference(alert.patientReference()));
        Period period = new Period().setStart(Date.from(alert.measuredAt()));
        alert.acknowledgedAt().or(alert::withdrawnAt).filter(end -> !alert.open())
                .ifPresent(end -> period.setEnd(Date.from(end)));
        flag.setPeriod(period);
        flag.addExtension(FhirSystems.FLAG_DETAIL, new Reference("Observation/" + alert.observationId()));
        return flag;
    }
}
