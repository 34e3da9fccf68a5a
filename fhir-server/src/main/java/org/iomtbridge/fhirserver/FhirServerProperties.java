package org.iomtbridge.fhirserver;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * Settings of the embedded FHIR server, under {@code fhir-server.*}. The database is Spring Boot's
 * {@code spring.datasource.*}: an H2 file under {@code data-dir} by default.
 *
 * @param corsAllowedOrigins origin patterns allowed to call the server from a browser; empty turns CORS off
 * @param defaultPageSize    search results per page unless {@code _count} says otherwise
 * @param maxPageSize        the largest {@code _count} honoured
 */
@ConfigurationProperties("fhir-server")
public record FhirServerProperties(List<String> corsAllowedOrigins, int defaultPageSize, int maxPageSize) {

    public FhirServerProperties {
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
        defaultPageSize = defaultPageSize <= 0 ? 50 : defaultPageSize;
        maxPageSize = maxPageSize <= 0 ? 500 : maxPageSize;
    }
}
