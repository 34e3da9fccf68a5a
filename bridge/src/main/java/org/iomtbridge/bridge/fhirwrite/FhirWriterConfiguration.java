package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import org.iomtbridge.bridge.tokens.KeyRing;
import org.iomtbridge.bridge.tokens.SealedFile;
import org.iomtbridge.mapping.fhir.FhirJson;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** The FHIR client of the writer, from {@code iomt.fhir.*}. */
@Configuration
public class FhirWriterConfiguration {

    /** Within the 5 minutes SMART Backend Services allows, with a margin for clocks apart. */
    private static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(4);

    /** The client of the configured FHIR server, shared by the writer and by what reads back (reconciliation). */
    @Bean
    IGenericClient fhirClient(FhirWriterProperties properties, FhirSigningKeys signingKeys) {
        return client(properties, signingKeys);
    }

    @Bean
    FhirSigningKeys fhirSigningKeys(FhirWriterProperties properties, KeyRing vault, Clock clock) {
        return new FhirSigningKeys(new SealedFile(properties.auth().signingKeysFile(), vault, FhirSigningKeys.PURPOSE),
                properties.auth().signingAlgorithm(), clock);
    }

    @Bean
    FhirWriter fhirWriter(IGenericClient fhirClient, FhirWriterProperties properties, MeterRegistry meters,
                          TargetServerWatch targetServer) {
        return new FhirWriter(fhirClient, properties, meters, targetServer);
    }

    /** The target's capabilities, against what the enabled features declare they write ({@link FhirWrites} beans). */
    @Bean
    TargetServerWatch targetServer(IGenericClient fhirClient, ObjectProvider<FhirWrites> writes,
                                   FhirWriterProperties properties, Clock clock) {
        return new TargetServerWatch(TargetServerWatch.reading(fhirClient), writes.orderedStream().toList(), properties,
                clock);
    }

    /** The target is read once the bridge started, so that a server that cannot take the writes is named at once. */
    @EventListener
    void readTargetAtStart(ApplicationReadyEvent started) {
        started.getApplicationContext().getBean(TargetServerWatch.class).refresh();
    }

    /** A generic client of the configured server, authenticated as configured by anything but the bridge's own keys. */
    public static IGenericClient client(FhirWriterProperties properties) {
        return client(properties, null);
    }

    /** A generic client of the configured server, authenticated as configured; {@code signingKeys} for PRIVATE_KEY_JWT. */
    public static IGenericClient client(FhirWriterProperties properties, FhirSigningKeys signingKeys) {
        if (properties.baseUrl() == null || properties.baseUrl().isBlank()) {
            throw new IllegalStateException("iomt.fhir.base-url is not set: give the FHIR R4 base URL the bridge writes"
                    + " to, for example http://localhost:8082/fhir");
        }
        FhirContext context = FhirJson.context();
        context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        context.getRestfulClientFactory().setSocketTimeout((int) properties.timeout().toMillis());
        IGenericClient client = context.newRestfulGenericClient(properties.baseUrl());
        FhirWriterProperties.Auth auth = properties.auth();
        switch (auth.type()) {
            case BASIC -> client.registerInterceptor(new BasicAuthInterceptor(required(auth.username(), "username"),
                    required(auth.password(), "password")));
            case BEARER -> client.registerInterceptor(new BearerTokenAuthInterceptor(required(auth.token(), "token")));
            case CLIENT_CREDENTIALS -> {
                ClientSecretBasic secret = new ClientSecretBasic(new ClientID(required(auth.clientId(), "client-id")),
                        new Secret(required(auth.clientSecret(), "client-secret")));
                client.registerInterceptor(new ClientCredentialsInterceptor(tokenUrl(auth), () -> secret, auth.scope(),
                        "iomt.fhir.auth.client-id and the client secret (IOMT_FHIR_AUTH_CLIENT_SECRET)",
                        Clock.systemUTC()));
            }
            case PRIVATE_KEY_JWT -> {
                if (signingKeys == null) {
                    throw new IllegalStateException("iomt.fhir.auth.type=private-key-jwt needs the bridge's signing keys");
                }
                URI tokenUrl = tokenUrl(auth);
                ClientID clientId = new ClientID(required(auth.clientId(), "client-id"));
                client.registerInterceptor(new ClientCredentialsInterceptor(tokenUrl,
                        () -> assertion(clientId, tokenUrl, signingKeys), auth.scope(), "iomt.fhir.auth.client-id, and"
                        + " that the authorization server has the bridge's public keys (its JWKS at"
                        + " /.well-known/jwks.json, or ./iomt-bridge keys jwks)", Clock.systemUTC()));
            }
            case GOOGLE_SERVICE_ACCOUNT -> client.registerInterceptor(GoogleServiceAccountInterceptor.fromKeyFile(
                    Path.of(required(auth.credentialsFile() == null ? null : auth.credentialsFile().toString(),
                            "credentials-file")), auth.scope()));
            case AWS_SIGV4 -> client.registerInterceptor(new AwsSigV4Interceptor(
                    DefaultCredentialsProvider.builder().build(), required(auth.region(), "region"), auth.service(),
                    Clock.systemUTC()));
            case NONE -> {
            }
        }
        return client;
    }

    private static URI tokenUrl(FhirWriterProperties.Auth auth) {
        return URI.create(required(auth.tokenUrl() == null ? null : auth.tokenUrl().toString(), "token-url"));
    }

    /**
     * A client assertion of SMART Backend Services: signed with the bridge's newest key (its id in the header), for
     * the token endpoint, with a new id and a lifetime within the 5 minutes the specification allows.
     */
    private static ClientAuthentication assertion(ClientID clientId, URI tokenUrl, FhirSigningKeys signingKeys) {
        JWK key = signingKeys.signer();
        Instant now = Instant.now();
        JWTAuthenticationClaimsSet claims = new JWTAuthenticationClaimsSet(clientId,
                List.of(new Audience(tokenUrl)), Date.from(now.plus(ASSERTION_LIFETIME)), null, Date.from(now),
                new JWTID());
        try {
            return key instanceof ECKey ec
                    ? new PrivateKeyJWT(claims, JWSAlgorithm.ES384, ec.toECPrivateKey(), key.getKeyID(), null)
                    : new PrivateKeyJWT(claims, JWSAlgorithm.RS384, key.toRSAKey().toRSAPrivateKey(), key.getKeyID(),
                    null);
        } catch (JOSEException e) {
            throw new FhirAuthException("Cannot sign the bridge's client assertion with key " + key.getKeyID(), e);
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("iomt.fhir.auth." + name + " is not set, but iomt.fhir.auth.type asks for it");
        }
        return value;
    }
}
