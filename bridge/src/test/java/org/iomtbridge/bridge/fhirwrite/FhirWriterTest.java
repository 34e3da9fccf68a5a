package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.iomtbridge.bridge.support.SharedServers;
import org.iomtbridge.mapping.MappingResult;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.fhir.ResourceIds;
import org.iomtbridge.withings.WithingsAnswers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer against the project's FHIR server as a separate process, and against servers that fail. */
class FhirWriterTest {

    private static String fhirBaseUrl;

    @BeforeAll
    static void startServer() {
        fhirBaseUrl = SharedServers.fhirBaseUrl();
    }

    @Test
    void resourcesLandInBoundedBatchesEachWithItsProvenanceAndAReplayChangesNothing() throws Exception {
        MappingResult mapped = mappedHistory(40);
        FhirWriter writer = new FhirWriter(FhirWriterConfiguration.client(properties(fhirBaseUrl, 25, 3)),
                properties(fhirBaseUrl, 25, 3), new SimpleMeterRegistry());
        int expectedBatches = (mapped.resources().size() + 24) / 25;
        IGenericClient fhir = FhirWriterConfiguration.client(properties(fhirBaseUrl, 25, 3));
        Patient patient = new Patient();
        patient.setId("writer-test");
        fhir.update().resource(patient).execute();

        FhirWriter.Written first = writer.write(mapped.resources(), this::provenance);
        FhirWriter.Written replay = writer.write(mapped.resources(), this::provenance);

        assertThat(first.batches()).isEqualTo(expectedBatches);
        assertThat(first.created()).isEqualTo(mapped.resources().size() + expectedBatches);
        assertThat(replay.created()).isZero();
        assertThat(count(fhir, "Observation")).isEqualTo(mapped.observations().size());
        assertThat(count(fhir, "Provenance")).isEqualTo(expectedBatches);
        Observation weight = fhir.read().resource(Observation.class)
                .withId(mapped.observations().get(0).getIdPart()).execute();
        assertThat(weight.getMeta().getVersionId()).as("a replayed unchanged resource keeps its version").isEqualTo("1");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffAndRefusalsAreNot() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger status = new AtomicInteger(503);
        HttpServer failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        failing.createContext("/fhir", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"transient\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        failing.start();
        try {
            String url = "http://127.0.0.1:" + failing.getAddress().getPort() + "/fhir";
            FhirWriter writer = new FhirWriter(FhirWriterConfiguration.client(properties(url, 10, 3)), properties(url, 10, 3),
                    new SimpleMeterRegistry());
            List<Resource> resources = mappedHistory(2).resources();

            assertThatThrownBy(() -> writer.write(resources, this::provenance))
                    .isInstanceOfSatisfying(FhirWriteException.class, e -> assertThat(e.transientFailure()).isTrue())
                    .hasMessageContaining("HTTP 503");
            assertThat(calls.get()).isEqualTo(3);

            calls.set(0);
            status.set(400);
            assertThatThrownBy(() -> writer.write(resources, this::provenance))
                    .isInstanceOfSatisfying(FhirWriteException.class, e -> assertThat(e.transientFailure()).isFalse())
                    .hasMessageContaining("HTTP 400");
            assertThat(calls.get()).as("a refusal is not retried").isEqualTo(1);
        } finally {
            failing.stop(0);
        }
    }

    @Test
    void aConflictWithAConcurrentCreateOfTheSameResourcesIsTriedAgainAndAPersistentOneIsARefusal() throws Exception {
        java.util.Queue<Integer> answers = new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(409, 200, 409, 409, 409));
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fhir", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            int status = answers.remove();
            // HAPI's answer when another request is creating a resource of the same client-assigned id.
            byte[] body = (status == 200 ? "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"
                    : "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":"
                    + "\"processing\",\"diagnostics\":\"HAPI-0550: HAPI-0825: client-assigned ID constraint failure\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
            FhirWriter writer = new FhirWriter(FhirWriterConfiguration.client(properties(url, 10, 3)),
                    properties(url, 10, 3), new SimpleMeterRegistry());
            List<Resource> resources = mappedHistory(1).resources();

            assertThat(writer.write(resources, this::provenance).batches()).isEqualTo(1);
            assertThat(calls.get()).isEqualTo(2);

            calls.set(0);
            assertThatThrownBy(() -> writer.write(resources, this::provenance))
                    .isInstanceOfSatisfying(FhirWriteException.class, e -> assertThat(e.transientFailure())
                            .as("a lasting conflict waits in a dead letter, not for the server").isFalse())
                    .hasMessageContaining("HTTP 409");
            assertThat(calls.get()).isEqualTo(3);
            assertThat(writer.accepting()).as("a conflict says nothing of the server's health").isTrue();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void whileTheServerIsDownTheBreakerHoldsWritesBackThenLetsOneTryAndCloses() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger status = new AtomicInteger(503);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fhir", exchange -> {
            calls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = (status.get() == 200 ? "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}"
                    : "{\"resourceType\":\"OperationOutcome\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
            FhirWriterProperties settings = new FhirWriterProperties(url, 10, Duration.ofSeconds(5), 1,
                    Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(500), null);
            FhirWriter writer = new FhirWriter(FhirWriterConfiguration.client(settings), settings, new SimpleMeterRegistry());
            List<Resource> resources = mappedHistory(1).resources();

            for (int attempt = 0; attempt < 4; attempt++) {
                assertThatThrownBy(() -> writer.write(resources, this::provenance)).hasMessageContaining("HTTP 503");
            }
            assertThat(writer.accepting()).isFalse();
            assertThatThrownBy(() -> writer.write(resources, this::provenance))
                    .isInstanceOfSatisfying(FhirWriteException.class, e -> assertThat(e.transientFailure()).isTrue())
                    .hasMessageContaining("circuit breaker open");
            assertThat(calls.get()).as("held back without trying").isEqualTo(4);

            status.set(200);
            await().atMost(Duration.ofSeconds(5)).until(writer::accepting);
            writer.write(resources, this::provenance);
            assertThat(calls.get()).isEqualTo(5);
            assertThat(writer.accepting()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void basicBearerAndClientCredentialsAuthenticationAreSent() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer recording = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        recording.createContext("/fhir", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        List<String> tokenRequests = new CopyOnWriteArrayList<>();
        recording.createContext("/token", exchange -> {
            tokenRequests.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"access_token\":\"issued-" + tokenRequests.size()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        recording.start();
        try {
            String url = "http://127.0.0.1:" + recording.getAddress().getPort() + "/fhir";
            List<Resource> resources = mappedHistory(1).resources();
            FhirWriterProperties basic = new FhirWriterProperties(url, 10, Duration.ofSeconds(5), 1, Duration.ofMillis(10),
                    Duration.ofMillis(10), null, new FhirWriterProperties.Auth(FhirWriterProperties.AuthType.BASIC, "bridge", "s3cret", null, null, null, null, null, null, null, null, null, null));
            new FhirWriter(FhirWriterConfiguration.client(basic), basic, new SimpleMeterRegistry()).write(resources, this::provenance);
            FhirWriterProperties bearer = new FhirWriterProperties(url, 10, Duration.ofSeconds(5), 1, Duration.ofMillis(10),
                    Duration.ofMillis(10), null, new FhirWriterProperties.Auth(FhirWriterProperties.AuthType.BEARER, null, null, "tok-123", null, null, null, null, null, null, null, null, null));
            new FhirWriter(FhirWriterConfiguration.client(bearer), bearer, new SimpleMeterRegistry()).write(resources, this::provenance);

            FhirWriterProperties clientCredentials = new FhirWriterProperties(url, 10, Duration.ofSeconds(5), 1,
                    Duration.ofMillis(10), Duration.ofMillis(10), null, new FhirWriterProperties.Auth(
                    FhirWriterProperties.AuthType.CLIENT_CREDENTIALS, null, null, null,
                    java.net.URI.create("http://127.0.0.1:" + recording.getAddress().getPort() + "/token"), "bridge",
                    "cc-s3cret", "system/Observation.write", null, null, null, null, null));
            FhirWriter writer = new FhirWriter(FhirWriterConfiguration.client(clientCredentials), clientCredentials, new SimpleMeterRegistry());
            writer.write(resources, this::provenance);
            writer.write(resources, this::provenance);

            assertThat(authorizations).containsExactly("Basic YnJpZGdlOnMzY3JldA==", "Bearer tok-123",
                    "Bearer issued-1", "Bearer issued-1");
            assertThat(tokenRequests).as("one token, kept while it lasts").containsExactly(
                    "Basic YnJpZGdlOmNjLXMzY3JldA== grant_type=client_credentials&scope=system%2FObservation.write");
            assertThat(basic.auth().toString()).doesNotContain("s3cret");
            assertThat(clientCredentials.auth().toString()).doesNotContain("cc-s3cret");
        } finally {
            recording.stop(0);
        }
    }

    private Provenance provenance(List<Resource> batch) {
        return WithingsFhirMapper.standard().builder().provenance(batch,
                ResourceIds.sha256(batch.stream().map(Resource::getId).reduce("", String::concat).getBytes(StandardCharsets.UTF_8)),
                "test batch", Instant.parse("2026-11-26T10:00:00Z"));
    }

    private static FhirWriterProperties properties(String url, int batchSize, int attempts) {
        return new FhirWriterProperties(url, batchSize, Duration.ofSeconds(30), attempts, Duration.ofMillis(20),
                Duration.ofMillis(100), null, null);
    }

    /** The first groups of the recorded getmeas history, mapped as the bridge maps them. */
    private static MappingResult mappedHistory(int groups) throws Exception {
        Path fixtures = Path.of(System.getProperty("withings.fixtures.dir", "../fixtures/withings"));
        ObjectMapper json = new ObjectMapper();
        var history = json.readTree(Files.readString(fixtures.resolve("measurement_list.json")));
        ObjectNode body = json.createObjectNode().put("updatetime", 1704800000L).put("timezone", "Europe/Amsterdam");
        var array = body.putArray("measuregrps");
        for (int i = 0; i < groups; i++) {
            array.add(history.get(i));
        }
        WithingsFhirMapper mapper = WithingsFhirMapper.standard();
        return mapper.toFhir(mapper.normalizer().measureGroups("777", WithingsAnswers.measureGroups(body)),
                new Reference("Patient/writer-test"));
    }

    private static int count(IGenericClient fhir, String type) {
        return fhir.search().forResource(type).summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
                .returnBundle(Bundle.class).execute().getTotal();
    }
}
