package org.iomtbridge.fhirserver;

import com.sun.net.httpserver.HttpServer;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A rest-hook subscription on Observation delivers each new Observation to a local HTTP receiver. */
class RestHookSubscriptionTest {

    @Test
    void aNewObservationIsDeliveredToTheSubscribedEndpoint() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            delivered.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        Path dataDir = Files.createTempDirectory(Path.of("target"), "fhir-hook-");
        try (RunningFhirServer server = RunningFhirServer.start("fhir-server.data-dir=" + dataDir.toAbsolutePath())) {
            Subscription subscription = new Subscription();
            subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
            subscription.setReason("bridge test");
            subscription.setCriteria("Observation?");
            subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
                    .setEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                    .setPayload("application/fhir+json");
            String id = server.client().create().resource(subscription).execute().getId().getIdPart();
            await().atMost(Duration.ofSeconds(60)).until(() -> server.client().read().resource(Subscription.class)
                    .withId(id).execute().getStatus() == Subscription.SubscriptionStatus.ACTIVE);

            FhirServerBehaviour.put(server.client(), FhirServerBehaviour.patient("hook"));
            FhirServerBehaviour.put(server.client(),
                    FhirServerBehaviour.weight("hook-w1", "hook", "2023-06-01T07:00:00Z", "82.4"));

            await().atMost(Duration.ofSeconds(60)).until(() -> delivered.stream()
                    .anyMatch(request -> request.contains("/hook/Observation/hook-w1") && request.contains("82.4")));
            assertThat(delivered).noneMatch(request -> request.contains("/hook/Patient/"));
        } finally {
            receiver.stop(0);
        }
    }
}
