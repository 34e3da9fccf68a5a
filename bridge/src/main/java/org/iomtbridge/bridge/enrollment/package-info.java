/**
 * Care-team enrollment links and the OAuth states of a patient's trip to Withings (tables enrollment, oauth_state).
 */
@ApplicationModule(displayName = "Enrollment", allowedDependencies = {"audit", "shared", "web", "withings"})
package org.iomtbridge.bridge.enrollment;

import org.springframework.modulith.ApplicationModule;
