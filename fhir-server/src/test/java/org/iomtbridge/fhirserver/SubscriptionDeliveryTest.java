package org.iomtbridge.fhirserver;

import com.sun.net.httpserver.HttpServer;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Subscriptions on Observation deliver new Observations by rest-hook to a local HTTP receiver, and by websocket. */
class SubscriptionDeliveryTest {

    private static RunningFhirServer server;

    @BeforeAll
    static void start() throws Exception {
        server = RunningFhirServer.start("fhir-server.data-dir="
                + Files.createTempDirectory(Path.of("target"), "fhir-subscriptions-").toAbsolutePath());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNewObservationIsPostedToTheRestHookEndpoint() throws Exception {
        List<String> delivered = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            delivered.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            activate(subscription(Subscription.SubscriptionChannelType.RESTHOOK,
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));

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

    @Test
    void aWebsocketBoundToTheSubscriptionIsPingedOnANewObservation() {
        String id = activate(subscription(Subscription.SubscriptionChannelType.WEBSOCKET, null));
        List<String> messages = new CopyOnWriteArrayList<>();
        String websocketUrl = server.baseUrl().replace("http://", "ws://").replace("/fhir", "/websocket");
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(websocketUrl), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).join();
        try {
            socket.sendText("bind " + id, true).join();
            await().atMost(Duration.ofSeconds(30)).until(() -> messages.contains("bound " + id));

            FhirServerBehaviour.put(server.client(), FhirServerBehaviour.patient("ws"));
            FhirServerBehaviour.put(server.client(), FhirServerBehaviour.weight("ws-w1", "ws", "2023-06-02T07:00:00Z", "64.1"));

            await().atMost(Duration.ofSeconds(60)).until(() -> messages.contains("ping " + id));
        } finally {
            socket.abort();
        }
    }

    private static Subscription subscription(Subscription.SubscriptionChannelType type, String endpoint) {
        Subscription subscription = new Subscription();
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("bridge test");
        subscription.setCriteria("Observation?");
        subscription.getChannel().setType(type).setPayload("application/fhir+json");
        if (endpoint != null) {
            subscription.getChannel().setEndpoint(endpoint);
        }
        return subscription;
    }

    /** Creates the subscription and waits until the server has activated it; returns its id. */
    private static String activate(Subscription subscription) {
        String id = server.client().create().resource(subscription).execute().getId().getIdPart();
        await().atMost(Duration.ofSeconds(60)).until(() -> server.client().read().resource(Subscription.class)
                .withId(id).execute().getStatus() == Subscription.SubscriptionStatus.ACTIVE);
        return id;
    }
}
