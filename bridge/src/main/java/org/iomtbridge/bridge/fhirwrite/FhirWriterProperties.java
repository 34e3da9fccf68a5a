package org.iomtbridge.bridge.fhirwrite;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

import java.time.Duration;

/**
 * Where and how the bridge writes FHIR, under {@code iomt.fhir.*}.
 *
 * @param baseUrl       the FHIR R4 base URL, for example {@code http://localhost:8082/fhir}
 * @param batchSize     resources per transaction bundle (a Provenance is added to each)
 * @param timeout       socket timeout of one request
 * @param maxAttempts   attempts of one bundle before it fails (5xx, 429 and timeouts are retried)
 * @param firstBackoff  wait before the second attempt; it doubles, with jitter, up to {@code maxBackoff}
 * @param circuitOpenFor after the server failed most of the last calls, how long writes are held back before one is
 *                      tried again
 * @param auth          how to authenticate to the FHIR server
 * @param bundleType    {@code auto} (batch bundles where the server's capability statement lists {@code batch} but
 *                      not {@code transaction}, transaction bundles otherwise), {@code transaction} or {@code batch}
 * @param maxConcurrentWrites how many bundles may be in flight to the server at once, across all the bridge's threads
 * @param capabilitiesRefresh how often the server's capability statement is read again
 */
@ConfigurationProperties("iomt.fhir")
public record FhirWriterProperties(String baseUrl, int batchSize, Duration timeout, int maxAttempts,
                                   Duration firstBackoff, Duration maxBackoff, Duration circuitOpenFor, Auth auth,
                                   TargetServer.BundleTypeSetting bundleType, int maxConcurrentWrites,
                                   Duration capabilitiesRefresh) {

    /** The constructor settings are bound through; the other is a shorthand. */
    @ConstructorBinding
    public FhirWriterProperties {
        baseUrl = baseUrl == null || baseUrl.isBlank() ? "http://localhost:8082/fhir" : baseUrl;
        batchSize = batchSize <= 0 ? 200 : batchSize;
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        maxAttempts = maxAttempts <= 0 ? 5 : maxAttempts;
        firstBackoff = firstBackoff == null ? Duration.ofMillis(500) : firstBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        circuitOpenFor = circuitOpenFor == null ? Duration.ofSeconds(15) : circuitOpenFor;
        auth = auth == null ? new Auth(AuthType.NONE, null, null, null, null, null, null, null, null, null, null, null,
                null) : auth;
        bundleType = bundleType == null ? TargetServer.BundleTypeSetting.AUTO : bundleType;
        maxConcurrentWrites = maxConcurrentWrites <= 0 ? 2 : maxConcurrentWrites;
        capabilitiesRefresh = capabilitiesRefresh == null ? Duration.ofMinutes(10) : capabilitiesRefresh;
    }

    /** These settings, with the target's own (bundle type, concurrency, refresh) at their defaults. */
    public FhirWriterProperties(String baseUrl, int batchSize, Duration timeout, int maxAttempts, Duration firstBackoff,
                                Duration maxBackoff, Duration circuitOpenFor, Auth auth) {
        this(baseUrl, batchSize, timeout, maxAttempts, firstBackoff, maxBackoff, circuitOpenFor, auth, null, 0, null);
    }

    public enum AuthType { NONE, BASIC, BEARER, CLIENT_CREDENTIALS, PRIVATE_KEY_JWT, GOOGLE_SERVICE_ACCOUNT, AWS_SIGV4 }

    /** How the bridge signs its client assertions (SMART Backend Services allows these two). */
    public enum SigningAlgorithm { RS384, ES384 }

    /**
     * @param username     for BASIC
     * @param password     for BASIC; give it by environment ({@code IOMT_FHIR_AUTH_PASSWORD}), not in a file
     * @param token        for BEARER; by environment ({@code IOMT_FHIR_AUTH_TOKEN})
     * @param tokenUrl     for CLIENT_CREDENTIALS: the authorization server's token endpoint
     * @param clientId     for CLIENT_CREDENTIALS
     * @param clientSecret for CLIENT_CREDENTIALS; by environment ({@code IOMT_FHIR_AUTH_CLIENT_SECRET})
     * @param scope        for CLIENT_CREDENTIALS, space-separated, for example {@code system/Observation.write}; optional;
     *                     for GOOGLE_SERVICE_ACCOUNT, defaults to the Cloud Healthcare API's scope
     * @param signingAlgorithm for PRIVATE_KEY_JWT (which also uses tokenUrl, clientId and scope): the algorithm of the
     *                     keys the bridge makes; it signs with its newest key
     * @param signingKeysFile where the bridge's signing keys are kept, sealed with the token vault's keyset
     * @param credentialsFile for GOOGLE_SERVICE_ACCOUNT: the service account's JSON key file, readable by its owner only
     * @param region       for AWS_SIGV4: the AWS region of the FHIR server, for example {@code us-east-1}
     * @param service      for AWS_SIGV4: the service name signed, {@code healthlake} unless set
     */
    public record Auth(AuthType type, String username, String password, String token, java.net.URI tokenUrl,
                       String clientId, String clientSecret, String scope, SigningAlgorithm signingAlgorithm,
                       java.nio.file.Path signingKeysFile, java.nio.file.Path credentialsFile, String region,
                       String service) {

        public Auth {
            type = type == null ? AuthType.NONE : type;
            signingAlgorithm = signingAlgorithm == null ? SigningAlgorithm.RS384 : signingAlgorithm;
            signingKeysFile = signingKeysFile == null ? java.nio.file.Path.of("data/bridge/fhir-signing-keys.sealed")
                    : signingKeysFile;
            service = service == null || service.isBlank() ? "healthlake" : service;
        }

        @Override
        public String toString() {
            return "Auth[type=" + type + ", username=" + username + ", password=redacted, token=redacted, tokenUrl="
                    + tokenUrl + ", clientId=" + clientId + ", clientSecret=redacted, scope=" + scope + ", signingAlgorithm="
                    + signingAlgorithm + ", signingKeysFile=" + signingKeysFile + ", credentialsFile=" + credentialsFile
                    + ", region=" + region + ", service=" + service + "]";
        }
    }
}
