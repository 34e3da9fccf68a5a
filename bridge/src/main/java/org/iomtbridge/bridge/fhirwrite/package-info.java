/**
 * Writes to the FHIR server: bounded transactions with Provenance, retries, a circuit breaker, auth.
 */
@ApplicationModule(displayName = "FHIR writer", allowedDependencies = {})
package org.iomtbridge.bridge.fhirwrite;

import org.springframework.modulith.ApplicationModule;
