package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
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
import java.util.Map;
import java.util.Set;
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
        IGenericClient client = FhirWriterConfiguration.client(properties(fhirBaseUrl, 25, 3));
        FhirWriter writer = new FhirWriter(client, properties(fhirBaseUrl, 25, 3), new SimpleMeterRegistry(),
                new TargetServerWatch(TargetServerWatch.reading(client), Statements.BRIDGE_DEFAULTS,
                        properties(fhirBaseUrl, 25, 3), java.time.Clock.systemUTC()));
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
        // The FHIR server is shared with the other tests of this JVM: only this patient's resources are counted.
        Map<String, Integer> written = writtenFor(fhir, "Patient/writer-test");
        assertThat(written.get("Observation")).isEqualTo(mapped.observations().size());
        assertThat(written.get("Provenance")).isEqualTo(expectedBatches);
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
            FhirWriter writer = writer(properties(url, 10, 3));
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
    void aConflictWithAConcurrentCreateOfTheSameResourcesIsTriedAgainAndALastingOneWaitsButADeletesIsARefusal()
            throws Exception {
        java.util.Queue<Integer> answers = new java.util.concurrent.ConcurrentLinkedQueue<>(
                List.of(409, 200, 409, 409, 409, 409, 409, 409));
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
            FhirWriter writer = writer(properties(url, 10, 3));
            List<Resource> resources = mappedHistory(1).resources();

            assertThat(writer.write(resources, this::provenance).batches()).isEqualTo(1);
            assertThat(calls.get()).isEqualTo(2);

            calls.set(0);
            assertThatThrownBy(() -> writer.write(resources, this::provenance))
                    .isInstanceOfSatisfying(FhirWriteException.class, e -> assertThat(e.transientFailure())
                            .as("a live sync still creating the same Devices: the task tries again later,"
                                    + " the readings are not dead-lettered").isTrue())
                    .hasMessageContaining("HTTP 409");
            assertThat(calls.get()).isEqualTo(3);
            assertThat(writer.accepting()).as("a conflict says nothing of the server's health").isTrue();

            calls.set(0);
            assertThatThrownBy(() -> writer.delete(List.of("Observation/erased-1")))
                    .isInstanceOfSatisfying(FhirWriteException.class, e -> assertThat(e.transientFailure())
                            .as("a delete refused for a reference from elsewhere does not pass by waiting").isFalse())
                    .hasMessageContaining("HTTP 409");
            assertThat(calls.get()).isEqualTo(3);
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
            FhirWriter writer = writer(settings);
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
            writer(basic).write(resources, this::provenance);
            FhirWriterProperties bearer = new FhirWriterProperties(url, 10, Duration.ofSeconds(5), 1, Duration.ofMillis(10),
                    Duration.ofMillis(10), null, new FhirWriterProperties.Auth(FhirWriterProperties.AuthType.BEARER, null, null, "tok-123", null, null, null, null, null, null, null, null, null));
            writer(bearer).write(resources, this::provenance);

            FhirWriterProperties clientCredentials = new FhirWriterProperties(url, 10, Duration.ofSeconds(5), 1,
                    Duration.ofMillis(10), Duration.ofMillis(10), null, new FhirWriterProperties.Auth(
                    FhirWriterProperties.AuthType.CLIENT_CREDENTIALS, null, null, null,
                    java.net.URI.create("http://127.0.0.1:" + recording.getAddress().getPort() + "/token"), "bridge",
                    "cc-s3cret", "system/Observation.write", null, null, null, null, null));
            FhirWriter writer = writer(clientCredentials);
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

    @Test
    void asABatchEveryResourceLandsOnceDevicesBeforeTheirObservationsAndARefusedEntryIsARefusal() throws Exception {
        MappingResult mapped = mappedHistory(12);
        FhirWriterProperties batches = new FhirWriterProperties(fhirBaseUrl, 25, Duration.ofSeconds(30), 3,
                Duration.ofMillis(20), Duration.ofMillis(100), null, null, TargetServer.BundleTypeSetting.BATCH, 0, null);
        IGenericClient fhir = FhirWriterConfiguration.client(batches);
        FhirWriter writer = new FhirWriter(fhir, batches, new SimpleMeterRegistry(),
                new TargetServerWatch(TargetServerWatch.reading(fhir), Statements.BRIDGE_DEFAULTS, batches,
                        java.time.Clock.systemUTC()));
        List<Resource> resources = mapped.resources().stream().map(resource -> {
            Resource copy = resource.copy();
            if (copy instanceof Observation observation) {
                observation.setSubject(new Reference("Patient/batch-writer-test"));
            }
            return copy;
        }).toList();

        assertThatThrownBy(() -> writer.write(resources, this::provenance))
                .isInstanceOfSatisfying(FhirWriteException.class, e -> assertThat(e.transientFailure()).isFalse())
                .hasMessageContaining("Patient/batch-writer-test");

        Patient patient = new Patient();
        patient.setId("batch-writer-test");
        fhir.update().resource(patient).execute();
        FhirWriter.Written written = writer.write(resources, this::provenance);

        assertThat(written.created() + written.replaced()).as("every resource and each batch's Provenance answered once")
                .isEqualTo(resources.size() + written.batches());
        Bundle stored = fhir.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/batch-writer-test")).count(500).returnBundle(Bundle.class)
                .execute();
        assertThat(stored.getEntry()).extracting(entry -> entry.getResource().getIdElement().getIdPart())
                .containsExactlyInAnyOrderElementsOf(mapped.observations().stream().map(Resource::getIdPart).toList());
    }

    @Test
    void aBatchEntryTheServerCouldNotTakeForNowIsSentAgainAndThenPasses() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fhir", exchange -> {
            String status = calls.incrementAndGet() == 1 ? "503 Service Unavailable" : "200 OK";
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"resourceType\":\"Bundle\",\"type\":\"batch-response\",\"entry\":["
                    + "{\"response\":{\"status\":\"201 Created\"}},{\"response\":{\"status\":\"" + status
                    + "\",\"outcome\":{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                    + "\"code\":\"transient\",\"diagnostics\":\"database busy\"}]}}}]}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
            FhirWriterProperties settings = new FhirWriterProperties(url, 10, Duration.ofSeconds(5), 3,
                    Duration.ofMillis(10), Duration.ofMillis(10), null, null, TargetServer.BundleTypeSetting.BATCH, 0, null);
            FhirWriter writer = writer(settings);
            List<Resource> observations = List.copyOf(mappedHistory(1).observations());

            assertThat(writer.write(observations, batch -> null).batches()).isEqualTo(1);
            assertThat(calls.get()).as("the wave sent again once").isEqualTo(2);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void noMoreBundlesThanTheTargetAllowsAreInFlightAtOnceWhicheverThreadsSendThem() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/fhir", exchange -> {
            calls.incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            exchange.getRequestBody().readAllBytes();
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            byte[] body = "{\"resourceType\":\"Bundle\",\"type\":\"transaction-response\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
            FhirWriterProperties settings = new FhirWriterProperties(url, 10, Duration.ofSeconds(30), 1,
                    Duration.ofMillis(10), Duration.ofMillis(10), null, null, null, 2, null);
            FhirWriter writer = writer(settings);
            List<Resource> resources = mappedHistory(1).resources();
            List<java.util.concurrent.Future<FhirWriter.Written>> writes = new java.util.ArrayList<>();
            for (int sender = 0; sender < 6; sender++) {
                writes.add(senders.submit(() -> writer.write(resources, this::provenance)));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 2);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> calls.get() == 2);
            release.countDown();
            for (java.util.concurrent.Future<FhirWriter.Written> write : writes) {
                write.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }

            assertThat(calls.get()).as("every write sent").isEqualTo(6);
            assertThat(mostInFlight.get()).isEqualTo(2);
        } finally {
            release.countDown();
            senders.shutdownNow();
            server.stop(0);
        }
    }

    @Test
    void aServerWithoutProvenanceGetsNothingAndTheWritesWaitWithTheReason() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/fhir", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
            FhirWriterProperties settings = properties(url, 10, 3);
            Set<CapabilityStatement.TypeRestfulInteraction> update = Set.of(CapabilityStatement.TypeRestfulInteraction.UPDATE);
            FhirWriter writer = new FhirWriter(FhirWriterConfiguration.client(settings), settings,
                    new SimpleMeterRegistry(), Statements.watching(Statements.handMade(
                            Set.of(CapabilityStatement.SystemRestfulInteraction.TRANSACTION),
                            Map.of("Observation", update, "Device", update, "Consent", update)), settings));

            assertThat(writer.accepting()).isFalse();
            assertThatThrownBy(() -> writer.write(mappedHistory(1).resources(), this::provenance))
                    .isInstanceOfSatisfying(FhirWriteException.class, e -> assertThat(e.transientFailure())
                            .as("held back as while the server is down, not a dead letter").isTrue())
                    .hasMessageContaining("The FHIR server at " + url + " cannot take what the bridge writes")
                    .hasMessageContaining("it lists no Provenance resource");
            assertThat(calls.get()).as("nothing sent").isZero();
        } finally {
            server.stop(0);
        }
    }

    /** A writer of a server whose statement is HAPI's, recorded: nothing is asked of the test's own server. */
    private static FhirWriter writer(FhirWriterProperties settings) {
        return new FhirWriter(FhirWriterConfiguration.client(settings), settings, new SimpleMeterRegistry(),
                Statements.watching(Statements.hapi(), settings));
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

    /** The patient's Observations and the Provenances that name them, counted by type. */
    private static Map<String, Integer> writtenFor(IGenericClient fhir, String patient) {
        Map<String, Set<String>> ids = new java.util.HashMap<>();
        Bundle first = fhir.search().forResource(Observation.class).where(Observation.SUBJECT.hasId(patient))
                .revInclude(new ca.uhn.fhir.model.api.Include("Provenance:target")).count(500)
                .returnBundle(Bundle.class).execute();
        FhirPages.forEach(fhir, first, resource -> ids
                .computeIfAbsent(resource.fhirType(), type -> new java.util.HashSet<>())
                .add(resource.getIdElement().getIdPart()));
        Map<String, Integer> counts = new java.util.HashMap<>();
        ids.forEach((type, found) -> counts.put(type, found.size()));
        return counts;
    }
}
