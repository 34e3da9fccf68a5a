package org.iomtbridge.bridge.admin;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.iomtbridge.bridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API configured for OAuth2 JWT bearer tokens: signed by the configured key, unexpired, with a scope that
 * grants the call's role.
 */
class AdminApiWithJwtTest extends BridgeTest {

    private static final KeyPair ISSUER = rsa();
    private static final KeyPair STRANGER = rsa();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    ApiKeys apiKeys;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        useH2(registry);
        Path key = Files.createTempFile("issuer-", ".pem");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ISSUER.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        registry.add("iomt.admin.api-auth", () -> "jwt");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> key.toUri().toString());
    }

    @Test
    void aTokenOfTheIssuerWithTheAdminScopeIsLetIn() throws Exception {
        HttpResponse<String> answer = get(token(ISSUER, "iomt.admin openid", Instant.now().plusSeconds(300)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"items\"");
    }

    @Test
    void withoutTheScopeTheTokenIsForbidden() throws Exception {
        HttpResponse<String> answer = get(token(ISSUER, "openid", Instant.now().plusSeconds(300)));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("iomt.admin");
    }

    @Test
    void eachRoleScopeOpensOnlyItsRolesCalls() throws Exception {
        String operator = token(ISSUER, "iomt.operator", Instant.now().plusSeconds(300));
        assertThat(get(operator).statusCode()).isEqualTo(200);
        assertThat(get(operator, "/api/v1/users").statusCode()).isEqualTo(403);
        HttpResponse<String> careTeam = get(token(ISSUER, "iomt.care-team", Instant.now().plusSeconds(300)));
        assertThat(careTeam.statusCode()).isEqualTo(403);
        assertThat(careTeam.body()).contains("iomt.operator");
        assertThat(get(token(ISSUER, "iomt.admin", Instant.now().plusSeconds(300)), "/api/v1/users").statusCode())
                .as("the admin scope has every role").isEqualTo(200);
    }

    @Test
    void noTokenAForgedOneAnExpiredOneOrAnApiKeyIsRefused() throws Exception {
        HttpResponse<String> none = get(null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("OAuth2 access token");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value ->
                assertThat(value).startsWith("Bearer"));
        assertThat(get(token(STRANGER, "iomt.admin", Instant.now().plusSeconds(300))).statusCode()).isEqualTo(401);
        assertThat(get(token(ISSUER, "iomt.admin", Instant.now().minusSeconds(600))).statusCode()).isEqualTo(401);
        assertThat(get(apiKeys.create("not in JWT mode", java.util.EnumSet.allOf(Role.class)).key()).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String bearer) throws Exception {
        return get(bearer, "/api/v1/dead-letters");
    }

    private HttpResponse<String> get(String bearer, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(KeyPair signer, String scope, Instant expires) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject("integration-engineer").issuer("https://idp.example").claim("scope", scope)
                .issueTime(Date.from(Instant.now().minusSeconds(60))).expirationTime(Date.from(expires)).build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) signer.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
