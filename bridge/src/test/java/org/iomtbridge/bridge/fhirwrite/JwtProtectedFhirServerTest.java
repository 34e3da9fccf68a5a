package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.sun.net.httpserver.HttpServer;
import org.iomtbridge.bridge.support.ModuleProcess;
import org.iomtbridge.bridge.support.TestClients;
import org.iomtbridge.bridge.tokens.FileKeysetSource;
import org.iomtbridge.bridge.tokens.KeyRing;
import org.iomtbridge.bridge.tokens.SealedFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The FHIR server with {@code fhir-server.auth.type=jwt}, and access tokens from a real authorization server (Spring
 * Authorization Server, the test-authorization-server module), both as processes: who gets in, what each SMART scope
 * allows, and the bridge's writer with its client credentials: a client secret, or its own signing key (SMART Backend
 * Services), whose JWKS a small HTTP server here publishes as the bridge does, for the authorization server to fetch —
 * and as a Google service account (the JWT bearer grant of the authorization server standing in for Google's token
 * endpoint).
 */
class JwtProtectedFhirServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Short, so that the writer renews its token several times within a test. */
    private static final Duration SMART_TOKEN_LIFETIME = Duration.ofSeconds(2);

    /** The Google service account the authorization server stands in for; its key is made for this run only. */
    private static final String SERVICE_ACCOUNT = "iomt-bridge@test-project.iam.gserviceaccount.com";
    private static final KeyPair SERVICE_ACCOUNT_KEY = rsaKeyPair();

    private static ModuleProcess authorizationServer;
    private static ModuleProcess fhirServer;
    private static HttpServer jwksServer;
    private static FhirSigningKeys signingKeys;
    private static Path keysDirectory;
    private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        keysDirectory = Files.createTempDirectory("fhir-signing-keys-");
        signingKeys = signingKeys();
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/.well-known/jwks.json", exchange -> {
            JWKS_FETCHES.incrementAndGet();
            byte[] body = signingKeys.publicKeys().toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        authorizationServer = ModuleProcess.launch("test-authorization-server", "/.well-known/oauth-authorization-server",
                Map.of(), "--test-authorization-server.smart-jwk-set-url=http://127.0.0.1:"
                        + jwksServer.getAddress().getPort() + "/.well-known/jwks.json",
                "--test-authorization-server.smart-token-lifetime=" + SMART_TOKEN_LIFETIME.toSeconds() + "s",
                "--test-authorization-server.service-account.client-email=" + SERVICE_ACCOUNT,
                "--test-authorization-server.service-account.public-key="
                        + Base64.getEncoder().encodeToString(SERVICE_ACCOUNT_KEY.getPublic().getEncoded()),
                "--test-authorization-server.service-account.scopes=" + GoogleServiceAccountInterceptor.CLOUD_HEALTHCARE_SCOPE
                        + ",system/*.read,system/*.write",
                // Google's library puts Google's token endpoint in every assertion's aud, whatever the key's token_uri.
                "--test-authorization-server.service-account.audience=https://oauth2.googleapis.com/token");
        fhirServer = ModuleProcess.launch("fhir-server", "/fhir/metadata", Map.of(), "--fhir-server.data-dir={data}",
                "--fhir-server.auth.type=jwt", "--fhir-server.auth.jwt.issuer-uri=" + authorizationServer.url(""));
        authorizationServer.awaitReady();
        fhirServer.awaitReady();
    }

    @AfterAll
    static void stop() {
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
        if (fhirServer != null) {
            fhirServer.close();
        }
        if (authorizationServer != null) {
            authorizationServer.close();
        }
    }

    @Test
    void withoutATokenOrWithABadOneTheAnswerIs401WithTheReason() throws Exception {
        HttpResponse<String> none = send("PUT", "/Patient/jwt-anonymous", patient("jwt-anonymous"), null);
        HttpResponse<String> garbage = send("GET", "/Patient", null, "not-a-jwt");
        String token = token("system/*.read");
        String forged = token.substring(0, token.lastIndexOf('.') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[256]);
        HttpResponse<String> badSignature = send("GET", "/Patient", null, forged);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(none.body()).contains("OperationOutcome", "needs an OAuth2 access token");
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(garbage.body()).contains("the access token was refused").doesNotContain("not-a-jwt");
        assertThat(badSignature.statusCode()).isEqualTo(401);
        assertThat(send("GET", "/metadata", null, null).statusCode()).as("SMART discovery stays public").isEqualTo(200);
        assertThat(send("GET", "/Patient/jwt-anonymous", null, token).statusCode()).isEqualTo(404);
    }

    @Test
    void aReadScopeReadsButMayNotWriteAndAWriteScopeWrites() throws Exception {
        String reader = token("system/*.read");
        String writer = token("system/*.write");

        HttpResponse<String> refused = send("PUT", "/Patient/jwt-1", patient("jwt-1"), reader);
        HttpResponse<String> written = send("PUT", "/Patient/jwt-1", patient("jwt-1"), writer);
        HttpResponse<String> read = send("GET", "/Patient/jwt-1", null, reader);
        HttpResponse<String> writerReads = send("GET", "/Patient/jwt-1", null, writer);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("OperationOutcome", "scopes do not allow this request");
        assertThat(written.statusCode()).isEqualTo(201);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"id\":\"jwt-1\"");
        assertThat(writerReads.statusCode()).as("system/*.write alone does not read").isEqualTo(403);
    }

    @Test
    void smartV2ScopesAndEachEntryOfATransactionAreChecked() throws Exception {
        String observationsOnly = token("system/Observation.write system/Observation.rs");
        String everything = token("system/*.cruds");
        String transaction = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":%s,"request":{"method":"PUT","url":"Observation/jwt-w1"}},
                 {"resource":%s,"request":{"method":"PUT","url":"Patient/jwt-2"}}]}"""
                .formatted(observation("jwt-w1", "jwt-2"), patient("jwt-2"));

        HttpResponse<String> refused = send("POST", "", transaction, observationsOnly);
        HttpResponse<String> accepted = send("POST", "", transaction, everything);

        assertThat(refused.statusCode()).as("the Patient entry needs a Patient write scope").isEqualTo(403);
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(send("GET", "/Observation/jwt-w1", null, observationsOnly).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/Patient/jwt-2", null, observationsOnly).statusCode())
                .as("Observation.rs does not read a Patient").isEqualTo(403);
        assertThat(send("GET", "/Observation/jwt-w1/_history", null, everything).body())
                .as("the refused transaction wrote nothing").contains("\"total\":1");
    }

    @Test
    void theBridgesWriterWritesWithTheTokensOfItsClientCredentials() {
        FhirWriterProperties properties = new FhirWriterProperties(fhirServer.url("/fhir"), 10, Duration.ofSeconds(30),
                1, Duration.ofMillis(10), Duration.ofMillis(10), null, new FhirWriterProperties.Auth(
                FhirWriterProperties.AuthType.CLIENT_CREDENTIALS, null, null, null,
                URI.create(authorizationServer.url("/oauth2/token")), TestClients.CLIENT_ID, TestClients.CLIENT_SECRET,
                "system/*.read system/*.write", null, null, null, null, null));
        Patient patient = new Patient();
        patient.setId("jwt-writer");
        Observation weight = new Observation();
        weight.setId("jwt-writer-w1");
        weight.setStatus(Observation.ObservationStatus.FINAL).getCode().addCoding().setSystem("http://loinc.org")
                .setCode("29463-7");
        weight.setSubject(new Reference("Patient/jwt-writer"));

        FhirWriter.Written written = writer(FhirWriterConfiguration.client(properties), properties)
                .write(List.of(patient, weight), JwtProtectedFhirServerTest::provenance);

        assertThat(written.created()).isEqualTo(3);
        Observation stored = FhirWriterConfiguration.client(properties).read().resource(Observation.class)
                .withId("jwt-writer-w1").execute();
        assertThat(stored.getSubject().getReference()).isEqualTo("Patient/jwt-writer");
    }

    @Test
    void theBridgesWriterWritesAsASmartBackendServiceAndKeepsWritingAcrossTokenRenewalsAndAKeyRotation() {
        FhirWriterProperties properties = smartWriter("system/*.read system/*.write");
        IGenericClient client = FhirWriterConfiguration.client(properties, signingKeys);
        FhirWriter writer = writer(client, properties);
        String firstKey = signingKeys.publicKeys().getKeys().isEmpty() ? null
                : signingKeys.publicKeys().getKeys().get(0).getKeyID();

        assertThat(writer.write(List.of(smartPatient("smart-1")), JwtProtectedFhirServerTest::provenance).created())
                .isEqualTo(2);
        assertThat(firstKey).as("the key is made on first use").isNull();
        String signedWith = signingKeys.publicKeys().getKeys().get(0).getKeyID();

        // ./iomt-bridge keys rotate-fhir and retire-fhir in another process: the same files, another instance.
        FhirSigningKeys command = signingKeys();
        String rotated = command.rotate().getKeyID();
        assertThat(command.retire(java.util.Optional.empty())).containsExactly(signedWith);
        int fetchesBefore = JWKS_FETCHES.get();

        // Each write after the token's lifetime asks for a new one: the authorization server, which knew only the
        // retired key, must fetch the JWKS again to find the new one the running writer now signs with.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            writer.write(List.of(smartPatient("smart-2")), JwtProtectedFhirServerTest::provenance);
            assertThat(JWKS_FETCHES.get()).isGreaterThan(fetchesBefore);
        });
        assertThat(signingKeys.publicKeys().getKeys()).extracting(com.nimbusds.jose.jwk.JWK::getKeyID)
                .containsExactly(rotated);
        assertThat(writer.authProblem()).isEmpty();
        assertThat(client.read().resource(Patient.class).withId("smart-2").execute().getNameFirstRep().getFamily())
                .isEqualTo("Smart");
    }

    @Test
    void refusedCredentialsHoldTheWorkBackAndSayWhichSettingToFix() {
        FhirWriterProperties readOnly = smartWriter("system/*.read");
        FhirWriter lacksScope = writer(FhirWriterConfiguration.client(readOnly, signingKeys), readOnly);
        FhirWriterProperties unknownClient = new FhirWriterProperties(fhirServer.url("/fhir"), 10, Duration.ofSeconds(30),
                1, Duration.ofMillis(10), Duration.ofMillis(10), null, new FhirWriterProperties.Auth(
                FhirWriterProperties.AuthType.PRIVATE_KEY_JWT, null, null, null,
                URI.create(authorizationServer.url("/oauth2/token")), "no-such-client", null,
                "system/*.read system/*.write", null, null, null, null, null));
        FhirWriter wrongClient = writer(FhirWriterConfiguration.client(unknownClient, signingKeys), unknownClient);

        assertThatThrownBy(() -> lacksScope.write(List.of(smartPatient("smart-refused")),
                JwtProtectedFhirServerTest::provenance))
                .isInstanceOfSatisfying(FhirWriteException.class, failure -> assertThat(failure.transientFailure())
                        .as("the work waits").isTrue())
                .hasMessageContaining("HTTP 403").hasMessageContaining("iomt.fhir.auth.scope");
        assertThat(lacksScope.authProblem()).hasValueSatisfying(problem -> assertThat(problem).contains("403"));
        assertThatThrownBy(() -> wrongClient.write(List.of(smartPatient("smart-refused")),
                JwtProtectedFhirServerTest::provenance))
                .isInstanceOfSatisfying(FhirWriteException.class, failure -> assertThat(failure.transientFailure())
                        .isTrue())
                .hasMessageContaining("invalid_client").hasMessageContaining("iomt.fhir.auth.client-id")
                .hasMessageContaining("/.well-known/jwks.json");
    }

    @Test
    void theBridgesWriterWritesAsAGoogleServiceAccountThroughTheJwtBearerGrant(@TempDir Path folder) throws Exception {
        Path keyFile = serviceAccountKeyFile(folder, SERVICE_ACCOUNT_KEY.getPrivate());
        FhirWriterProperties properties = googleServiceAccount(keyFile, "system/*.read system/*.write");

        FhirWriter.Written written = writer(FhirWriterConfiguration.client(properties), properties).write(patientWithWeight("google-sa"), JwtProtectedFhirServerTest::provenance);

        assertThat(written.created()).isEqualTo(3);
        assertThat(send("GET", "/Patient/google-sa", null, token("system/*.read")).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/Observation/google-sa-w1", null, token("system/*.read")).body())
                .contains("\"reference\":\"Patient/google-sa\"");
    }

    @Test
    void aServiceAccountKeyOthersCanReadOrThatTheServerDoesNotKnowIsRefusedWithTheReason(@TempDir Path folder)
            throws Exception {
        Path readable = serviceAccountKeyFile(folder, SERVICE_ACCOUNT_KEY.getPrivate());
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
        Path stranger = serviceAccountKeyFile(Files.createDirectory(folder.resolve("stranger")),
                rsaKeyPair().getPrivate());
        Patient patient = new Patient();
        patient.setId("google-sa-refused");

        assertThatThrownBy(() -> FhirWriterConfiguration.client(googleServiceAccount(readable, null)))
                .hasMessageContaining("other users have access to it").hasMessageContaining("chmod 600");
        assertThatThrownBy(() -> FhirWriterConfiguration.client(googleServiceAccount(stranger, "system/*.write"))
                .update().resource(patient).execute())
                .hasMessageContaining("gave the service account " + SERVICE_ACCOUNT + " no access token")
                .hasMessageContaining("invalid_grant").hasMessageNotContaining("PRIVATE KEY");
        assertThat(send("GET", "/Patient/google-sa-refused", null, token("system/*.read")).statusCode()).isEqualTo(404);
    }

    /** A writer that reads the target's capability statement through the same client, credentials and all. */
    private static FhirWriter writer(IGenericClient client, FhirWriterProperties properties) {
        return new FhirWriter(client, properties, new SimpleMeterRegistry(), new TargetServerWatch(
                TargetServerWatch.reading(client), Statements.BRIDGE_DEFAULTS, properties, Clock.systemUTC()));
    }

    /** A Patient with this id and one weight Observation of theirs, {@code ID-w1}. */
    private static List<Resource> patientWithWeight(String patientId) {
        Patient patient = new Patient();
        patient.setId(patientId);
        Observation weight = new Observation();
        weight.setId(patientId + "-w1");
        weight.setStatus(Observation.ObservationStatus.FINAL).getCode().addCoding().setSystem("http://loinc.org")
                .setCode("29463-7");
        weight.setSubject(new Reference("Patient/" + patientId));
        return List.of(patient, weight);
    }

    private static FhirWriterProperties googleServiceAccount(Path keyFile, String scope) {
        return new FhirWriterProperties(fhirServer.url("/fhir"), 10, Duration.ofSeconds(30), 1, Duration.ofMillis(10),
                Duration.ofMillis(10), null, new FhirWriterProperties.Auth(
                FhirWriterProperties.AuthType.GOOGLE_SERVICE_ACCOUNT, null, null, null, null, null, null, scope, null,
                null, keyFile, null, null));
    }

    /** A key file as Google Cloud's console downloads it, owner-only, sending the account to the test server. */
    private static Path serviceAccountKeyFile(Path folder, PrivateKey key) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> json = Map.of("type", "service_account", "project_id", "test-project",
                "private_key_id", "test-key-1", "private_key", pem, "client_email", SERVICE_ACCOUNT,
                "client_id", "100000000000000000001", "token_uri", authorizationServer.url("/oauth2/token"));
        Path file = Files.createFile(folder.resolve("service-account.json"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, JSON.writeValueAsString(json));
        return file;
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FhirWriterProperties smartWriter(String scope) {
        return new FhirWriterProperties(fhirServer.url("/fhir"), 10, Duration.ofSeconds(30), 1, Duration.ofMillis(10),
                Duration.ofMillis(10), null, new FhirWriterProperties.Auth(FhirWriterProperties.AuthType.PRIVATE_KEY_JWT,
                null, null, null, URI.create(authorizationServer.url("/oauth2/token")), TestClients.SMART_CLIENT_ID, null, scope,
                null, null, null, null, null));
    }

    private static FhirSigningKeys signingKeys() {
        return new FhirSigningKeys(new SealedFile(keysDirectory.resolve("fhir-signing-keys.sealed"),
                new KeyRing(new FileKeysetSource(keysDirectory.resolve("token-keyset.json"), true)),
                FhirSigningKeys.PURPOSE), FhirWriterProperties.SigningAlgorithm.RS384, Clock.systemUTC());
    }

    private static Patient smartPatient(String id) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName().setFamily("Smart");
        return patient;
    }

    private static Provenance provenance(List<Resource> batch) {
        Provenance provenance = new Provenance();
        provenance.setId("jwt-writer-provenance-" + batch.get(0).getIdElement().getIdPart());
        provenance.setRecorded(new Date());
        batch.forEach(resource -> provenance.addTarget(new Reference(resource.fhirType() + "/"
                + resource.getIdElement().getIdPart())));
        provenance.addAgent().setWho(new Reference().setDisplay("IoMT FHIR Bridge"));
        return provenance;
    }

    private static String token(String scopes) {
        return TestClients.accessToken(authorizationServer.url("/oauth2/token"), scopes);
    }

    private static String patient(String id) {
        return """
                {"resourceType":"Patient","id":"%s","name":[{"family":"Jwt"}]}""".formatted(id);
    }

    private static String observation(String id, String patient) {
        return """
                {"resourceType":"Observation","id":"%s","status":"final","subject":{"reference":"Patient/%s"},
                 "code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},"valueQuantity":{"value":71}}"""
                .formatted(id, patient);
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fhirServer.url("/fhir" + path)))
                .header("Accept", "application/fhir+json");
        if (body != null) {
            request.header("Content-Type", "application/fhir+json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
