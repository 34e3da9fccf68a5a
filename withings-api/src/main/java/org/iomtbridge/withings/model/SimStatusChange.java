package org.iomtbridge.withings.model;

import java.time.Instant;
import java.util.Optional;

/**
 * The answer of device v2 {@code endpartnerprogram}.
 *
 * @param newSimStatus     as Withings names it: {@code PENDING_TERMINATION} after an end of program, {@code STANDBY}
 *                         after its cancellation
 * @param terminationDate  when the SIM is terminated for good, after an end of program; keep it, Withings says
 */
public record SimStatusChange(String newSimStatus, Optional<Instant> terminationDate) {
}
