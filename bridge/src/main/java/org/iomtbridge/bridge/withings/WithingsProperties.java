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
 * @param requestTimeout     how long one Withings call may take before it fails (and is retried later)
 * @param rateLimitPerMinute the application's Withings rate limit: calls in any 60 seconds, across all instances
 * @param activeUserCap      the active users the application's Withings plan allows (1000 on the public plan): the
 *                           dashboard warns from 90 % of it, and no new patient is enrolled past it
 */
@ConfigurationProperties("iomt.withings")
record WithingsProperties(String endpoints, String clientId, String clientSecret, boolean signTokenRequests,
                                 Duration refreshMargin, int rateLimitPerMinute, Duration requestTimeout,
                                 int activeUserCap) {

    public WithingsProperties {
        endpoints = endpoints == null || endpoints.isBlank() ? "cloud" : endpoints;
        refreshMargin = refreshMargin == null ? Duration.ofMinutes(5) : refreshMargin;
        rateLimitPerMinute = rateLimitPerMinute <= 0 ? 120 : rateLimitPerMinute;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
        activeUserCap = activeUserCap <= 0 ? 1000 : activeUserCap;
    }

    @Override
    public String toString() {
        return "WithingsProperties[endpoints=" + endpoints + ", clientId=" + clientId + ", clientSecret=redacted]";
    }
}
