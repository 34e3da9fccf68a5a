package org.iomtbridge.bridge.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Settings of the audit trail, under {@code iomt.audit}.
 *
 * @param fhirExport     also write each audit record to the FHIR server as an {@code AuditEvent}
 * @param exportInterval how often the records not yet written are sent
 * @param maxPageSize    the most records one page of {@code GET /api/v1/audit-events} holds
 */
@ConfigurationProperties("iomt.audit")
record AuditProperties(boolean fhirExport, Duration exportInterval, int maxPageSize) {

    public AuditProperties {
        exportInterval = exportInterval == null ? Duration.ofSeconds(30) : exportInterval;
        maxPageSize = maxPageSize <= 0 ? 500 : maxPageSize;
    }
}
