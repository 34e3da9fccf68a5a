package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate limit, injected faults, and the statistics that show them. */
class TrafficTest extends EmulatorTest {

    @Test
    void beyondTheRateLimitACallGetsStatus601AndTheStatsShowTheBusiestMinute() {
        String access = tokens(firstUser()).get("access_token").asText();
        send("DELETE", "/_emulator/stats", null);
        send("PUT", "/_emulator/rate-limit", "{\"perMinute\": 5}");

        for (int i = 0; i < 5; i++) {
            assertThat(getmeas(access).get("status").asInt()).isZero();
        }
        JsonNode sixth = getmeas(access);

        assertThat(sixth.get("status").asInt()).isEqualTo(601);
        JsonNode stats = json(send("GET", "/_emulator/stats", null));
        assertThat(stats.get("tooManyRequests").asInt()).isEqualTo(1);
        assertThat(stats.get("maxRequestsIn60Seconds").get(CLIENT_ID).asInt()).isEqualTo(6);
        assertThat(stats.get("callsByEndpoint").get("/measure getmeas").asInt()).isEqualTo(6);
        assertThat(stats.get("callsByClient").get(CLIENT_ID).asInt()).isEqualTo(6);
    }

    @Test
    void outagesServerErrorsAndA601StormAreInjected() {
        String access = tokens(firstUser()).get("access_token").asText();

        send("PUT", "/_emulator/faults", "{\"outage\": true}");
        assertThat(rawGetmeas(access).statusCode()).isEqualTo(503);

        send("PUT", "/_emulator/faults", "{\"errorRate\": 1.0}");
        assertThat(rawGetmeas(access).statusCode()).isEqualTo(500);

        send("PUT", "/_emulator/faults", "{\"storm601Seconds\": 60}");
        assertThat(getmeas(access).get("status").asInt()).isEqualTo(601);

        send("DELETE", "/_emulator/faults", null);
        assertThat(getmeas(access).get("status").asInt()).isZero();
    }

    @Test
    void addedLatencySlowsEveryCall() {
        String access = tokens(firstUser()).get("access_token").asText();
        send("PUT", "/_emulator/faults", "{\"latencyMillis\": 400}");

        long started = System.nanoTime();
        assertThat(getmeas(access).get("status").asInt()).isZero();

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(400);
        assertThat(json(send("GET", "/_emulator/faults", null)).get("latencyMillis").asLong()).isEqualTo(400);
    }

    @Test
    void invalidatedTokensAnswer401UntilTheClientRefreshes() {
        JsonNode tokens = tokens(firstUser());
        send("PUT", "/_emulator/faults", "{\"invalidateTokens\": true}");

        assertThat(getmeas(tokens.get("access_token").asText()).get("status").asInt()).isEqualTo(401);
        JsonNode refreshed = api("/v2/oauth2", null, Map.of("action", "requesttoken", "grant_type", "refresh_token",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "refresh_token", tokens.get("refresh_token").asText()));
        assertThat(getmeas(refreshed.get("body").get("access_token").asText()).get("status").asInt()).isZero();
        assertThat(json(send("GET", "/_emulator/stats", null)).get("tokenRefreshes").asInt()).isEqualTo(1);
    }

    @Test
    void badFaultSettingsAreRefusedWithTheReason() {
        HttpResponse<String> refused = send("PUT", "/_emulator/faults", "{\"errorRate\": 3}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("errorRate must be between 0 and 1");
    }

    private JsonNode getmeas(String access) {
        return api("/measure", access, Map.of("action", "getmeas", "meastype", "1"));
    }

    private HttpResponse<String> rawGetmeas(String access) {
        return exchange(HttpRequest.newBuilder(url("/measure?action=getmeas"))
                .header("Authorization", "Bearer " + access).GET().build());
    }
}
