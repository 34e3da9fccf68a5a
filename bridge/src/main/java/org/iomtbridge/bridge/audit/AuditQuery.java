package org.iomtbridge.bridge.audit;

import java.time.Instant;
import java.util.Optional;

/** What to look for in the audit trail: every filter optional, newest first, a page at a time. */
public record AuditQuery(Optional<String> actor, Optional<String> action, Optional<String> patient,
                         Optional<String> withingsUserId, Optional<Instant> from, Optional<Instant> to,
                         int page, int size) {
}
