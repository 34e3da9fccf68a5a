package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Whether the FHIR server answers its capability statement and can take what the bridge writes: part of readiness,
 * since a bridge that cannot write to FHIR holds its work back (nothing is lost, but nothing arrives either). The
 * summary is asked for: HAPI's whole statement is about 1.5 MB, too much for a probe that runs every few seconds; the
 * whole one, which says what each resource type allows, is kept by {@link TargetServerWatch} between its reads. Down too while the writer's
 * credentials are refused, saying which setting to fix.
 */
@Component("fhirServer")
class FhirServerHealth implements HealthIndicator {

    private final IGenericClient fhir;
    private final FhirWriterProperties properties;
    private final FhirWriter writer;
    private final TargetServerWatch target;

    public FhirServerHealth(IGenericClient fhirClient, FhirWriterProperties properties, FhirWriter writer,
                            TargetServerWatch target) {
        this.fhir = fhirClient;
        this.properties = properties;
        this.writer = writer;
        this.target = target;
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
            Optional<TargetServerWatch.Known> known = target.current();
            if (known.isEmpty()) {
                return Health.down().withDetail("url", properties.baseUrl())
                        .withDetail("error", target.lastError()).build();
            }
            if (known.get().refusal().isPresent()) {
                return Health.down().withDetail("url", properties.baseUrl())
                        .withDetail("error", known.get().refusal().get()).build();
            }
            return Health.up().withDetail("url", properties.baseUrl())
                    .withDetail("fhirVersion", String.valueOf(capabilities.getFhirVersion()))
                    .withDetail("bundleType", known.get().bundleType().toCode()).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("url", properties.baseUrl())
                    .withDetail("error", "the FHIR server did not answer its /metadata: " + e.getMessage()).build();
        }
    }
}
