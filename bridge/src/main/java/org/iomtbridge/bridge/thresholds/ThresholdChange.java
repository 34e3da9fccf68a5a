package org.iomtbridge.bridge.thresholds;

import java.time.Instant;
import java.util.Optional;

/**
 * One change of a code's bands.
 *
 * @param patientReference the patient it is for; empty for the whole program
 * @param bands            the rows of reference-ranges.tsv in force from {@code effectiveFrom}; empty when the change
 *                         goes back to what applies without it (the program's bands, or the defaults)
 */
public record ThresholdChange(long id, Optional<String> patientReference, String loinc, Optional<String> bands,
                              Instant effectiveFrom, String changedBy, Optional<String> reason) {
}
