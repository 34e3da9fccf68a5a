package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.iomtbridge.bridge.support.ModuleProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FHIR server with {@code fhir-server.auth.type=jwt}, and access tokens from a real authorization server (Spring
 * Authorization Server, the test-authorization-server module), both as processes: who gets in, what each SMART scope
 * allows, and the bridge's writer with its client credentials.
 */
class JwtProtectedFhirServerTest {

    private static final String CLIENT_ID = "test-client";
    private static final String CLIENT_SECRET = "test-client-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ModuleProcess authorizationServer;
    private static ModuleProcess fhirServer;

    @BeforeAll
    static void start() {
        authorizationServer = ModuleProcess.launch("test-authorization-server", "/.well-known/oauth-authorization-server",
                Map.of());
        fhirServer = ModuleProcess.launch("fhir-server", "/fhir/metadata", Map.of(), "--fhir-server.data-dir={data}",
                "--fhir-server.auth.type=jwt", "--fhir-server.auth.jwt.issuer-uri=" + authorizationServer.url(""));
        authorizationServer.awaitReady();
        fhirServer.awaitReady();
    }

    @AfterAll
    static void stop() {
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
                URI.create(authorizationServer.url("/oauth2/token")), CLIENT_ID, CLIENT_SECRET,
                "system/*.read system/*.write"));
        Patient patient = new Patient();
        patient.setId("jwt-writer");
        Observation weight = new Observation();
        weight.setId("jwt-writer-w1");
        weight.setStatus(Observation.ObservationStatus.FINAL).getCode().addCoding().setSystem("http://loinc.org")
                .setCode("29463-7");
        weight.setSubject(new Reference("Patient/jwt-writer"));

        IGenericClient client = FhirWriterConfiguration.client(properties);
        FhirWriter.Written written = new FhirWriter(client, properties, new SimpleMeterRegistry(),
                new TargetServerWatch(TargetServerWatch.reading(client), Statements.BRIDGE_DEFAULTS, properties,
                        java.time.Clock.systemUTC())).write(List.of(patient, weight), JwtProtectedFhirServerTest::provenance);

        assertThat(written.created()).isEqualTo(3);
        Observation stored = FhirWriterConfiguration.client(properties).read().resource(Observation.class)
                .withId("jwt-writer-w1").execute();
        assertThat(stored.getSubject().getReference()).isEqualTo("Patient/jwt-writer");
    }

    private static Provenance provenance(List<Resource> batch) {
        Provenance provenance = new Provenance();
        provenance.setId("jwt-writer-provenance");
        provenance.setRecorded(new Date());
        batch.forEach(resource -> provenance.addTarget(new Reference(resource.fhirType() + "/"
                + resource.getIdElement().getIdPart())));
        provenance.addAgent().setWho(new Reference().setDisplay("IoMT FHIR Bridge"));
        return provenance;
    }

    /** An access token of the test client with these scopes, by client_credentials. */
    private static String token(String scopes) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(authorizationServer.url("/oauth2/token")))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                        + URLEncoder.encode(scopes, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
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
