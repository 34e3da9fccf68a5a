/**
 * The reference ranges and alert thresholds readings are judged by: the shipped defaults (reference-ranges.tsv),
 * changed for the whole program or for one patient from a moment on (table threshold_change), and the change rules
 * that need a patient's earlier readings (a heart-failure weight gain).
 */
@ApplicationModule(displayName = "Thresholds", allowedDependencies = {"audit", "fhirwrite", "web"})
package org.iomtbridge.bridge.thresholds;

import org.springframework.modulith.ApplicationModule;
