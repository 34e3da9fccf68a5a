/**
 * Who is measuring: for each patient, the days with a reading in the current and the previous rolling period, per
 * kind and in all, against the days a remote-monitoring program requires (table reading_day).
 */
@ApplicationModule(displayName = "Adherence", allowedDependencies = {"accounts", "shared", "web"})
package org.iomtbridge.bridge.adherence;

import org.springframework.modulith.ApplicationModule;
