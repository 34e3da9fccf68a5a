/**
 * Who read or changed what, append-only, optionally exported as FHIR AuditEvents (tables audit_event,
 * audit_export).
 */
@ApplicationModule(displayName = "Audit trail", allowedDependencies = {"fhirwrite", "web"})
package org.iomtbridge.bridge.audit;

import org.springframework.modulith.ApplicationModule;
