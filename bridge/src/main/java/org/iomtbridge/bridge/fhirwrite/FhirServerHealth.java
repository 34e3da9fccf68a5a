package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the FHIR server answers its capability statement: part of readiness, since a bridge that cannot write to
 * FHIR holds its work back (nothing is lost, but nothing arrives either). The summary is asked for: HAPI's whole
 * statement is about 1.5 MB, too much for a probe that runs every few seconds. Down too while the writer's credentials
 * are refused, saying which setting to fix.
 */
@Component("fhirServer")
class FhirServerHealth implements HealthIndicator {

    private final IGenericClient fhir;
    private final FhirWriterProperties properties;
    private final FhirWriter writer;

    public FhirServerHealth(IGenericClient fhirClient, FhirWriterProperties properties, FhirWriter writer) {
        this.fhir = fhirClient;
        this.properties = properties;
        this.writer = writer;
    }

    @Override
    public Health health() {
        if (writer.authProblem().isPresent()) {
            // /metadata is public on a protected server, so it answering says nothing about the bridge's credentials.
            return Health.down().withDetail("url", properties.baseUrl())
                    .withDetail("error", writer.authProblem().get()).build();
        }
        try {
            CapabilityStatement capabilities = fhir.fetchResourceFromUrl(CapabilityStatement.class,
                    fhir.getServerBase().replaceAll("/+$", "") + "/metadata?_summary=true");
            return Health.up().withDetail("url", properties.baseUrl())
                    .withDetail("fhirVersion", String.valueOf(capabilities.getFhirVersion())).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("url", properties.baseUrl())
                    .withDetail("error", "the FHIR server did not answer its /metadata: " + e.getMessage()).build();
        }
    }
}
