package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code iomt.fhir.auth.type=aws-sigv4} as the bridge configures it: HAPI's client sends real requests to a local
 * HTTP endpoint standing in for AWS HealthLake, with credentials from the AWS default chain (here its system
 * properties); each captured request's signature is recomputed by the AWS SDK from what arrived, body included.
 */
class AwsSigV4SignedRequestTest {

    private static final String ACCESS_KEY = "AKIDBRIDGETEST";
    private static final String SECRET_KEY = "bridge-test-secret-key-not-a-real-one";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final List<Captured> CAPTURED = new CopyOnWriteArrayList<>();
    private static HttpServer healthLake;

    record Captured(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.entrySet().stream().filter(header -> header.getKey().equalsIgnoreCase(name))
                    .map(header -> header.getValue().get(0)).findFirst().orElse(null);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        healthLake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        healthLake.createContext("/datastore/test/r4", AwsSigV4SignedRequestTest::answer);
        healthLake.start();
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    @AfterAll
    static void stop() {
        healthLake.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private static void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        URI uri = URI.create("http://" + exchange.getRequestHeaders().getFirst("Host") + exchange.getRequestURI());
        CAPTURED.add(new Captured(exchange.getRequestMethod(), uri, Map.copyOf(exchange.getRequestHeaders()), body));
        byte[] patient = """
                {"resourceType":"Patient","id":"sigv4-1","meta":{"versionId":"1"},"name":[{"family":"Signed"}]}"""
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
        exchange.sendResponseHeaders(200, patient.length);
        exchange.getResponseBody().write(patient);
        exchange.close();
    }

    @Test
    void everyRequestIsSignedWithItsBodyAndTheSignatureVerifies() throws Exception {
        FhirWriterProperties properties = new FhirWriterProperties("http://127.0.0.1:" + healthLake.getAddress().getPort()
                + "/datastore/test/r4", 10, Duration.ofSeconds(10), 1, null, null, null, new FhirWriterProperties.Auth(
                FhirWriterProperties.AuthType.AWS_SIGV4, null, null, null, null, null, null, null, null, null, null,
                "eu-west-1", null));
        IGenericClient client = FhirWriterConfiguration.client(properties);
        Patient patient = new Patient();
        patient.setId("sigv4-1");
        patient.addName().setFamily("Signed");

        client.update().resource(patient).execute();
        client.read().resource(Patient.class).withId("sigv4-1").execute();

        assertThat(CAPTURED).hasSize(2);
        Captured put = CAPTURED.get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(new String(put.body(), StandardCharsets.UTF_8)).contains("\"family\":\"Signed\"");
        assertThat(put.header("x-amz-content-sha256")).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(put.body())));
        assertThat(put.header("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
                .contains("/eu-west-1/healthlake/aws4_request", "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date");
        for (Captured request : CAPTURED) {
            assertThat(recomputed(request, request.body())).as(request.method() + " " + request.uri())
                    .isEqualTo(request.header("Authorization"));
        }
        byte[] tampered = new String(put.body(), StandardCharsets.UTF_8).replace("Signed", "Changed")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(recomputed(put, tampered)).as("the body is part of the signature")
                .isNotEqualTo(put.header("Authorization"));
    }

    /** The Authorization header the AWS SDK computes for what arrived: the headers it says it signed, and this body. */
    private static String recomputed(Captured request, byte[] body) {
        String authorization = request.header("Authorization");
        String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        SdkHttpRequest.Builder arrived = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(request.method()))
                .uri(request.uri());
        for (String name : signedHeaders.split(";")) {
            if (!List.of("host", "x-amz-date", "x-amz-content-sha256").contains(name)) {
                arrived.putHeader(name, request.header(name));
            }
        }
        Instant signedAt = AMZ_DATE.parse(request.header("X-Amz-Date"), Instant::from);
        return AwsV4HttpSigner.create().sign(signing -> signing
                        .identity(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))
                        .request(arrived.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "healthlake")
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElseThrow();
    }
}
