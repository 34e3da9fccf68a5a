package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * The emulator on a random port, talked to over real HTTP. Its clock can be moved forward, so that token lifetimes
 * are tested without waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "emulator.client.id=test-client",
        "emulator.client.secret=test-client-secret",
        "emulator.users=2",
        "emulator.history-days=12",
        "emulator.page-size=5",
        "emulator.time-scale=10000"})
@Import(EmulatorTest.MovableClockConfiguration.class)
public abstract class EmulatorTest {

    protected static final String CLIENT_ID = "test-client";
    protected static final String CLIENT_SECRET = "test-client-secret";
    protected static final String REDIRECT = "http://localhost/callback";
    protected static final ObjectMapper JSON = new ObjectMapper();
    protected static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A folder of this run's own: the emulator continues the world it finds in its folder. */
    private static final Path DATA = newFolder();

    @LocalServerPort
    protected int port;

    @Autowired
    protected MovableClock clock;

    @DynamicPropertySource
    static void dataFolder(DynamicPropertyRegistry registry) {
        registry.add("emulator.data-dir", DATA::toString);
    }

    private static Path newFolder() {
        try {
            return Files.createTempDirectory(Path.of("target"), "emulator-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void resetEmulatorState() {
        clock.reset();
        send("DELETE", "/_emulator/faults", null);
        send("PUT", "/_emulator/rate-limit", "{\"perMinute\":120}");
        send("DELETE", "/_emulator/stats", null);
    }

    protected URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A Withings API call as a form POST; the body as JSON. */
    protected JsonNode api(String path, String accessToken, Map<String, String> params) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        return json(exchange(request.build()));
    }

    protected HttpResponse<String> exchange(HttpRequest request) {
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
    protected HttpResponse<String> send(String method, String path, String body) {
        return exchange(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Consents on the authorization page with one form POST, as a browser would, and returns the code. */
    protected String consent(long userid, String scopes) {
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
    protected JsonNode tokens(long userid) {
        String code = consent(userid, "user.info,user.metrics,user.activity");
        return api("/v2/oauth2", null, Map.of("action", "requesttoken", "grant_type", "authorization_code",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "code", code, "redirect_uri", REDIRECT))
                .path("body");
    }

    protected long firstUser() {
        return json(send("GET", "/_emulator/users", null)).get(0).get("userid").asLong();
    }

    protected static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    protected static Map<String, String> query(URI uri) {
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

    /** A clock the tests move forward. */
    public static final class MovableClock extends Clock {
        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        public void advance(Duration duration) {
            offset.accumulateAndGet(duration, Duration::plus);
        }

        void reset() {
            offset.set(Duration.ZERO);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.offset(Clock.system(zone), offset.get());
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }

    @TestConfiguration
    static class MovableClockConfiguration {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }
}
