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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

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

    /** The calls of this test, to the emulator of its context. */
    protected EmulatorCalls calls() {
        return new EmulatorCalls(port);
    }

    protected URI url(String path) {
        return calls().url(path);
    }

    /** A Withings API call as a form POST; the body as JSON. */
    protected JsonNode api(String path, String accessToken, Map<String, String> params) {
        return calls().api(path, accessToken, params);
    }

    protected HttpResponse<String> exchange(HttpRequest request) {
        return EmulatorCalls.exchange(request);
    }

    /** A control API call with a JSON body. */
    protected HttpResponse<String> send(String method, String path, String body) {
        return calls().send(method, path, body);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return EmulatorCalls.json(response);
    }

    /** Consents on the authorization page with one form POST, as a browser would, and returns the code. */
    protected String consent(long userid, String scopes) {
        return calls().consent(userid, scopes);
    }

    /** Tokens of a user who granted every scope. */
    protected JsonNode tokens(long userid) {
        return calls().tokens(userid);
    }

    protected long firstUser() {
        return calls().firstUser();
    }

    protected static String form(Map<String, String> params) {
        return EmulatorCalls.form(params);
    }

    protected static Map<String, String> query(URI uri) {
        return EmulatorCalls.query(uri);
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
