/**
 * Withings answers kept as received, and dead letters waiting for an operator (tables raw_response, dead_letter).
 */
@ApplicationModule(displayName = "Raw archive", allowedDependencies = {"shared", "withings"})
package org.iomtbridge.bridge.archive;

import org.springframework.modulith.ApplicationModule;
