package org.iomtbridge.bridge.audit;

import java.time.Instant;

/** One row of the audit trail, as read back. Absent values are {@code null} only in the JSON they become. */
public record AuditRecord(long id, Instant occurredAt, String actorType, String actor, String clientAddress,
                          String action, String outcome, String patient, String withingsUserId, String detail) {
}
