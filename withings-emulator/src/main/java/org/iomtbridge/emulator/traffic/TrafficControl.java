package org.iomtbridge.emulator.traffic;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iomtbridge.emulator.EmulatorProperties;
import org.iomtbridge.emulator.api.ApiAccess;
import org.iomtbridge.emulator.api.Envelopes;
import org.iomtbridge.emulator.oauth.TokenService;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * In front of every API call: counts it, applies the injected faults, and enforces the per-client rate limit with
 * status 601, as Withings does (HTTP 200, no Retry-After).
 */
@Component
public class TrafficControl implements HandlerInterceptor {

    private final ApiAccess access;
    private final TrafficStats stats;
    private final TokenService tokens;
    private final Clock clock;
    private final ObjectMapper json;
    private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.NONE);
    private final AtomicReference<Long> stormUntilMillis = new AtomicReference<>(0L);
    private volatile int rateLimitPerMinute;

    public TrafficControl(ApiAccess access, TrafficStats stats, TokenService tokens, Clock clock, ObjectMapper json,
                          EmulatorProperties properties) {
        this.access = access;
        this.stats = stats;
        this.tokens = tokens;
        this.clock = clock;
        this.json = json;
        this.rateLimitPerMinute = properties.rateLimitPerMinute();
    }

    public Faults faults() {
        return faults.get();
    }

    public void setFaults(Faults newFaults, boolean invalidateTokens) {
        faults.set(newFaults);
        stormUntilMillis.set(newFaults.storm601Seconds() > 0
                ? clock.millis() + newFaults.storm601Seconds() * 1000 : 0L);
        if (invalidateTokens) {
            tokens.invalidateAccessTokens();
        }
    }

    public int rateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    public void setRateLimitPerMinute(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the rate limit must be positive, was " + limit);
        }
        rateLimitPerMinute = limit;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException, InterruptedException {
        String endpoint = request.getRequestURI() + " " + request.getParameter("action");
        String client = access.client(request);
        int inLastMinute = stats.received(endpoint, client, clock.millis());
        Faults current = faults.get();
        if (current.latencyMillis() > 0) {
            Thread.sleep(current.latencyMillis());
        }
        if (current.notifyLatencyMillis() > 0 && request.getRequestURI().startsWith("/notify")) {
            Thread.sleep(current.notifyLatencyMillis());
        }
        if (current.outage()) {
            response.sendError(503, "Service Unavailable");
            return false;
        }
        if (current.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < current.errorRate()) {
            response.sendError(500, "Internal Server Error");
            return false;
        }
        if (inLastMinute > rateLimitPerMinute || clock.millis() < stormUntilMillis.get()) {
            stats.tooManyRequests();
            write(response, Envelopes.error(601, "Too Many Requests", Map.of()));
            return false;
        }
        return true;
    }

    private void write(HttpServletResponse response, Map<String, Object> envelope) throws IOException {
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), envelope);
    }
}
