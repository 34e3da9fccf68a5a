package org.iomtbridge.bridge.withings;

import io.micrometer.core.instrument.MeterRegistry;
import org.iomtbridge.withings.CallGate;
import org.iomtbridge.withings.CallObserver;
import org.iomtbridge.withings.ClientCredentials;
import org.iomtbridge.withings.ResponseListener;
import org.iomtbridge.withings.WithingsCall;
import org.iomtbridge.withings.WithingsClient;
import org.iomtbridge.withings.WithingsEndpoints;
import org.springframework.stereotype.Component;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Withings clients of the configured application. A sync gets one of its own that hands it every raw answer, so
 * that it can archive them under its user; all share one HTTP connection pool and the application's rate limit.
 */
@Component
public class WithingsClients {

    private final WithingsProperties properties;
    private final WithingsRateLimit rateLimit;
    /** Every call by endpoint and outcome (Withings status, HTTP status, no answer), with its duration. */
    private final CallObserver observer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile WithingsClient plain;

    public WithingsClients(WithingsProperties properties, WithingsRateLimit rateLimit, MeterRegistry meters) {
        this.properties = properties;
        this.rateLimit = rateLimit;
        this.observer = (call, outcome, took) -> meters.timer("iomt.withings.calls", "call", call.toString(), "outcome", outcome)
                .record(took);
    }

    /** The client without a listener, built once: clients are immutable and thread-safe. */
    public WithingsClient client() {
        WithingsClient shared = plain;
        if (shared == null) {
            shared = client(ResponseListener.NONE);
            plain = shared;
        }
        return shared;
    }

    public WithingsClient client(ResponseListener listener) {
        return client(listener, rateLimit);
    }

    /**
     * A client for calls that can wait, a backfill's: each of its calls gives way to the calls that cannot (live syncs,
     * a code exchange while the patient waits, a new patient's subscriptions) at the rate limit (see
     * {@link WithingsRateLimit}).
     */
    public WithingsClient yieldingClient(ResponseListener listener) {
        return client(listener, new CallGate() {
            @Override
            public void enter(WithingsCall call) {
                rateLimit.enterYielding(call);
            }

            @Override
            public void limitReached(WithingsCall call) {
                rateLimit.limitReached(call);
            }
        });
    }

    /** The application's Withings rate limit, shared by every instance. */
    public long callsPerMinute() {
        return rateLimit.perMinute();
    }

    private WithingsClient client(ResponseListener listener, CallGate gate) {
        if (properties.clientId() == null || properties.clientSecret() == null) {
            throw new IllegalStateException("iomt.withings.client-id and the client secret (IOMT_WITHINGS_CLIENT_SECRET)"
                    + " must be set: they are the Withings application's credentials");
        }
        return WithingsClient.builder(new ClientCredentials(properties.clientId(), properties.clientSecret()))
                .endpoints(WithingsEndpoints.named(properties.endpoints()))
                .signTokenRequests(properties.signTokenRequests())
                .httpClient(http)
                .requestTimeout(properties.requestTimeout())
                .responseListener(listener)
                .callGate(gate)
                .callObserver(observer)
                .build();
    }

    public WithingsProperties properties() {
        return properties;
    }
}
