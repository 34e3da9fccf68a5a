/**
 * The bridge's data folder, kept to its owner.
 */
@ApplicationModule(displayName = "Data folder", allowedDependencies = {})
package org.iomtbridge.bridge.storage;

import org.springframework.modulith.ApplicationModule;
