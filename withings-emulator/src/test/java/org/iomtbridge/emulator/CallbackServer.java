package org.iomtbridge.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application's notification endpoint on loopback: records every HEAD and POST it receives; it can be told to fail
 * the first N POSTs, or every HEAD.
 */
public final class CallbackServer implements AutoCloseable {

    /** One request as received. */
    public record Received(String method, Map<String, String> form) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger postsToFail = new AtomicInteger();
    private volatile int headStatus = 200;

    public CallbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/withings";
    }

    public void failNextPosts(int count) {
        postsToFail.set(count);
    }

    public void answerHeadWith(int status) {
        headStatus = status;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> posts() {
        return received.stream().filter(request -> request.method().equals("POST")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), decode(body)));
        int status = switch (exchange.getRequestMethod()) {
            case "HEAD" -> headStatus;
            case "POST" -> postsToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0 ? 500 : 200;
            default -> 405;
        };
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static Map<String, String> decode(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (!body.isEmpty()) {
            for (String pair : body.split("&")) {
                String[] parts = pair.split("=", 2);
                form.put(parts[0], parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
