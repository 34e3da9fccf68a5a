/**
 * Secrets the bridge hands out (links, states, keys) and the hashes it keeps of them; the reader of its data files.
 */
@ApplicationModule(displayName = "Shared", allowedDependencies = {})
package org.iomtbridge.bridge.shared;

import org.springframework.modulith.ApplicationModule;
