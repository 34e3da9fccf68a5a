package org.iomtbridge.bridge.webhook;

import org.iomtbridge.bridge.audit.AuditEntry;

/**
 * Withings confirmed that the user left: they unlinked the application ({@code unlink}) or deleted their Withings
 * account ({@code delete}). Published while the user's sync runs; whoever holds the consent ends it before the sync
 * goes on.
 *
 * @param confirmedBy who told, for the audit trail
 */
public record UnlinkConfirmed(String withingsUserId, String action, AuditEntry.Actor confirmedBy) {
}
