/**
 * Out-of-range readings for the care team: a reading past an alert threshold raises an alert — a row of the triage
 * list and a FHIR Flag — that a care-team member acknowledges; a corrected or deleted reading withdraws it (table
 * alert).
 */
@ApplicationModule(displayName = "Alerts", allowedDependencies = {"audit", "fhirwrite", "web"})
package org.iomtbridge.bridge.alerts;

import org.springframework.modulith.ApplicationModule;
