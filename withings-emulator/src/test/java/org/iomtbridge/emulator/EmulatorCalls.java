package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.iomtbridge.emulator.EmulatorTest.CLIENT_ID;
import static org.iomtbridge.emulator.EmulatorTest.CLIENT_SECRET;
import static org.iomtbridge.emulator.EmulatorTest.REDIRECT;

/** What the tests send to an emulator on a port of this machine, over real HTTP, and what they make of its answers. */
final class EmulatorCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final int port;

    EmulatorCalls(int port) {
        this.port = port;
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A Withings API call as a form POST; the body as JSON. */
    JsonNode api(String path, String accessToken, Map<String, String> params) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        return json(exchange(request.build()));
    }

    static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A control API call with a JSON body. */
    HttpResponse<String> send(String method, String path, String body) {
        return exchange(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Consents on the authorization page with one form POST, as a browser would, and returns the code. */
    String consent(long userid, String scopes) {
        HttpResponse<String> answer = exchange(HttpRequest.newBuilder(url("/oauth2_user/authorize2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("response_type", "code", "client_id", CLIENT_ID,
                        "scope", scopes, "redirect_uri", REDIRECT, "state", "s-1", "userid", String.valueOf(userid),
                        "decision", "accept")))).build());
        String location = answer.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("no redirect: HTTP " + answer.statusCode() + " " + answer.body()));
        return query(URI.create(location)).get("code");
    }

    /** Tokens of a user who granted every scope. */
    JsonNode tokens(long userid) {
        String code = consent(userid, "user.info,user.metrics,user.activity");
        return api("/v2/oauth2", null, Map.of("action", "requesttoken", "grant_type", "authorization_code",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "code", code, "redirect_uri", REDIRECT))
                .path("body");
    }

    /** The parameters that sign a partner call: the client id, a fresh nonce and the signature of the action. */
    Map<String, String> signed(String action) {
        long timestamp = System.currentTimeMillis() / 1000;
        String nonce = api("/v2/signature", null, Map.of("action", "getnonce", "client_id", CLIENT_ID,
                "timestamp", String.valueOf(timestamp), "signature", hmac("getnonce," + CLIENT_ID + "," + timestamp)))
                .path("body").path("nonce").asText();
        return Map.of("client_id", CLIENT_ID, "nonce", nonce, "signature", hmac(action + "," + CLIENT_ID + "," + nonce));
    }

    /** A signature as Withings computes it, independently of the emulator's and of the client's. */
    static String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    long firstUser() {
        return json(send("GET", "/_emulator/users", null)).get(0).get("userid").asLong();
    }

    static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> values = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return values;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(parts[0], parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

}
