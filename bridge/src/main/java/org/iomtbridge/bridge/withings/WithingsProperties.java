package org.iomtbridge.bridge.withings;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The Withings application the bridge acts as, under {@code iomt.withings.*}.
 *
 * @param endpoints          {@code cloud}, {@code us-medical}, or the base URL of an emulator
 * @param clientId           the application's client id
 * @param clientSecret       its secret; give it by environment ({@code IOMT_WITHINGS_CLIENT_SECRET})
 * @param signTokenRequests  authenticate token requests with nonce and signature instead of the secret
 * @param refreshMargin      refresh an access token this long before it expires
 * @param backfill           how far back the first sync of a new user reaches
 * @param cursorOverlap      each sync asks for changes since this long before the cursor: a change stored in the
 *                           same second as the previous answer is not missed; writing it again changes nothing
 * @param reconcileInterval  how often every user's measures are compared with FHIR, to find deleted and missed ones
 * @param requestTimeout     how long one Withings call may take before it fails (and is retried later)
 * @param rateLimitPerMinute the application's Withings rate limit: calls in any 60 seconds, across all instances
 * @param subscriptionCheckInterval how often every user's notification subscriptions are listed at Withings and the
 *                           missing ones made again
 * @param deviceRefreshInterval how often a sync also asks for the user's devices (battery levels change slowly)
 */
@ConfigurationProperties("iomt.withings")
public record WithingsProperties(String endpoints, String clientId, String clientSecret, boolean signTokenRequests,
                                 Duration refreshMargin, Duration backfill, Duration cursorOverlap,
                                 Duration reconcileInterval, Duration subscriptionCheckInterval,
                                 int rateLimitPerMinute, Duration requestTimeout, Duration deviceRefreshInterval) {

    public WithingsProperties {
        endpoints = endpoints == null || endpoints.isBlank() ? "cloud" : endpoints;
        refreshMargin = refreshMargin == null ? Duration.ofMinutes(5) : refreshMargin;
        backfill = backfill == null ? Duration.ofDays(90) : backfill;
        cursorOverlap = cursorOverlap == null ? Duration.ofMinutes(5) : cursorOverlap;
        reconcileInterval = reconcileInterval == null ? Duration.ofHours(6) : reconcileInterval;
        subscriptionCheckInterval = subscriptionCheckInterval == null ? Duration.ofHours(12) : subscriptionCheckInterval;
        rateLimitPerMinute = rateLimitPerMinute <= 0 ? 120 : rateLimitPerMinute;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        deviceRefreshInterval = deviceRefreshInterval == null ? Duration.ofHours(1) : deviceRefreshInterval;
    }

    @Override
    public String toString() {
        return "WithingsProperties[endpoints=" + endpoints + ", clientId=" + clientId + ", clientSecret=redacted]";
    }
}
