package org.iomtbridge.withings;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback that answers like Withings with scripted bodies, and records every request as it
 * arrived on the wire.
 */
final class FakeWithings implements AutoCloseable {

    record Received(String method, String path, Map<String, String> form, Optional<String> authorization,
                    String contentType) {

        String action() {
            return form.get("action");
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private record Answer(int httpStatus, String body) {
    }

    FakeWithings() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** From now on answers {@code path action} with these bodies in turn; the last one keeps answering. */
    FakeWithings answer(String path, String action, String... bodies) {
        Deque<Answer> queue = new ArrayDeque<>();
        for (String body : bodies) {
            queue.add(new Answer(200, body));
        }
        answers.put(path + " " + action, queue);
        return this;
    }

    FakeWithings answerHttp(String path, String action, int httpStatus, String body) {
        answers.put(path + " " + action, new ArrayDeque<>(List.of(new Answer(httpStatus, body))));
        return this;
    }

    FakeWithings answerFixture(String path, String action, String fixture) {
        return answer(path, action, Fixtures.read(fixture));
    }

    static String error(int status, String error) {
        return "{\"status\":" + status + ",\"body\":{},\"error\":\"" + error + "\"}";
    }

    /** A signature as Withings checks it — the hex HMAC-SHA256 of the data — computed apart from the client's signer. */
    static String signature(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = decode(body);
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), form,
                Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
                String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        received.add(request);
        Deque<Answer> queue = answers.get(request.path() + " " + request.action());
        Answer answer;
        if (queue == null) {
            answer = new Answer(200, error(2554, "Not implemented by the fake: " + request.path() + " " + request.action()));
        } else {
            synchronized (queue) {
                answer = queue.size() > 1 ? queue.poll() : queue.peek();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.httpStatus(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> decode(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
