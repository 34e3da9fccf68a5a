package org.iomtbridge.fhirserver;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the embedded FHIR server, under {@code fhir-server.*}. The database is Spring Boot's
 * {@code spring.datasource.*}: an H2 file under {@code data-dir} by default.
 *
 * @param dataDir               the server's own folder (the H2 database by default), kept owner-only
 * @param corsAllowedOrigins    origin patterns allowed to call the server from a browser; empty turns CORS off
 * @param defaultPageSize       search results per page unless {@code _count} says otherwise
 * @param maxPageSize           the largest {@code _count} honoured
 * @param expungeEnabled        whether {@code $expunge} may erase resources and their history for good
 * @param multipleDeleteEnabled whether one conditional {@code DELETE} may remove every resource it matches
 * @param auth                  who may call the server
 * @param maxRequestSize        the largest request body accepted; a larger one is answered 413
 * @param transactions          whether transaction bundles are accepted (and listed in the capability statement);
 *                              {@code false} makes a batch-only server, as some providers run
 */
@ConfigurationProperties("fhir-server")
public record FhirServerProperties(Path dataDir, List<String> corsAllowedOrigins, int defaultPageSize, int maxPageSize,
                                   boolean expungeEnabled, boolean multipleDeleteEnabled, Auth auth,
                                   DataSize maxRequestSize, Boolean transactions) {

    public FhirServerProperties {
        dataDir = dataDir == null ? Path.of("data", "fhir-server") : dataDir;
        corsAllowedOrigins = corsAllowedOrigins == null ? List.of() : List.copyOf(corsAllowedOrigins);
        defaultPageSize = defaultPageSize <= 0 ? 50 : defaultPageSize;
        maxPageSize = maxPageSize <= 0 ? 500 : maxPageSize;
        auth = auth == null ? new Auth(null, null, null) : auth;
        maxRequestSize = maxRequestSize == null || maxRequestSize.toBytes() <= 0 ? DataSize.ofMegabytes(20) : maxRequestSize;
        transactions = transactions == null || transactions;
    }

    /** {@code none} serves anyone and is allowed on a loopback address only; {@code basic} and {@code jwt} do not. */
    public enum AuthType { NONE, BASIC, JWT }

    /**
     * @param type  how callers authenticate
     * @param basic the one user of {@code basic}
     * @param jwt   the authorization server whose access tokens {@code jwt} accepts
     */
    public record Auth(AuthType type, Basic basic, Jwt jwt) {

        public Auth {
            type = type == null ? AuthType.NONE : type;
            basic = basic == null ? new Basic(null, null) : basic;
            jwt = jwt == null ? new Jwt(null, null, null) : jwt;
        }
    }

    /**
     * @param username the user name
     * @param password the password, by environment ({@code FHIR_SERVER_AUTH_BASIC_PASSWORD}); only its bcrypt hash is
     *                 kept once the server started
     */
    public record Basic(String username, String password) {

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=redacted]";
        }
    }

    /**
     * @param issuerUri the issuer: tokens must carry it as {@code iss}; its keys are found through its discovery
     *                  document unless {@code jwkSetUri} is given
     * @param jwkSetUri the authorization server's JWK set, when it is not found from the issuer
     * @param audience  when set, tokens must name it in {@code aud}
     */
    public record Jwt(URI issuerUri, URI jwkSetUri, String audience) {
    }
}
