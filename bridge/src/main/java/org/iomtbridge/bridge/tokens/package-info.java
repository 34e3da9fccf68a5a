/**
 * Withings tokens sealed with Tink, bound to their row; key rotation (table token_vault).
 */
@ApplicationModule(displayName = "Token vault", allowedDependencies = {})
package org.iomtbridge.bridge.tokens;

import org.springframework.modulith.ApplicationModule;
