/**
 * Clients of the bridge's Withings application: one rate limit for all instances, valid access tokens refreshed
 * under the user's row lock, the kinds of data Withings serves.
 */
@ApplicationModule(displayName = "Withings gateway", allowedDependencies = {"accounts", "tokens"})
package org.iomtbridge.bridge.withings;

import org.springframework.modulith.ApplicationModule;
