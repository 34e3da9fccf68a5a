package org.iomtbridge.bridge.alerts;

import java.time.Instant;
import java.util.Optional;

/**
 * One reading past an alert threshold, as the triage list shows it.
 *
 * @param interpretation the reading's worst interpretation: {@code HH} (critical high) or {@code LL} (critical low)
 * @param reading        what was read and why it alerts, such as {@code Systolic blood pressure 190 mm[Hg]:
 *                       Hypertensive crisis (ACC/AHA 2017)}
 * @param version        counts the alert's changes; the FHIR Flag is written again at each
 */
public record Alert(long id, String flagId, String observationId, String withingsUserId, String patientReference,
                    String interpretation, String reading, Instant measuredAt, Instant raisedAt, Status status,
                    Optional<String> acknowledgedBy, Optional<Instant> acknowledgedAt,
                    Optional<String> withdrawnBecause, Optional<Instant> withdrawnAt, int version) {

    public enum Status {
        /** Waiting for the care team. */
        OPEN,
        /** A care-team member has seen it. */
        ACKNOWLEDGED,
        /** The reading was corrected in Withings and is no longer past a threshold. */
        CORRECTED,
        /** The reading was deleted in Withings. */
        DELETED
    }

    public boolean open() {
        return status == Status.OPEN;
    }
}
