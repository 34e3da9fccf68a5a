/**
 * Writes to the FHIR server: bounded transactions with Provenance, retries, a circuit breaker, auth (with the bridge's
 * own signing keys for SMART Backend Services, sealed by the token vault, published as its JWKS).
 */
@ApplicationModule(displayName = "FHIR writer", allowedDependencies = {"tokens"})
package org.iomtbridge.bridge.fhirwrite;

import org.springframework.modulith.ApplicationModule;
