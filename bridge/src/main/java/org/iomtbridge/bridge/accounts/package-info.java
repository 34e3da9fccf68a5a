/**
 * The Withings users linked to FHIR patients, and the state of their connection (table withings_account).
 */
@ApplicationModule(displayName = "Accounts", allowedDependencies = {})
package org.iomtbridge.bridge.accounts;

import org.springframework.modulith.ApplicationModule;
