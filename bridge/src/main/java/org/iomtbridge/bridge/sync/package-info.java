/**
 * Withings data to FHIR: a durable sync per user, cursors, mapping, reconciliation, replays and remaps of the
 * archive (table sync_cursor).
 */
@ApplicationModule(displayName = "Sync", allowedDependencies = {"accounts", "adherence", "alerts", "archive", "consent", "fhirwrite", "thresholds", "web", "webhook", "withings"})
package org.iomtbridge.bridge.sync;

import org.springframework.modulith.ApplicationModule;
