/**
 * What a care team and an operator see: patients, charts from FHIR, the pipeline's queues and dead letters.
 */
@ApplicationModule(displayName = "Dashboard", allowedDependencies = {"accounts", "archive", "enrollment", "fhirwrite", "scheduling", "shared", "sync", "thresholds", "web", "webhook", "withings"})
package org.iomtbridge.bridge.dashboard;

import org.springframework.modulith.ApplicationModule;
