/**
 * The patient's consent: pages, OAuth callback, evidence and history, the patient's own link, revocation, erasure,
 * the FHIR Consent (tables consent, consent_event, consent_link).
 */
@ApplicationModule(displayName = "Consent", allowedDependencies = {"accounts", "adherence", "alerts", "audit", "enrollment", "fhirwrite", "shared", "tokens", "web", "webhook", "withings"})
package org.iomtbridge.bridge.consent;

import org.springframework.modulith.ApplicationModule;
