package org.iomtbridge.bridge.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Optional;

/**
 * Notifications from Withings, under {@code iomt.webhook.*}.
 *
 * @param secret                    the unguessable path segment of the callback URL, {@code /webhooks/withings/{secret}}
 * @param maxBodyBytes              a larger notification body is refused with 413; Withings' are about 100 bytes
 * @param subscriptionCheckInterval how often every user's notification subscriptions are listed at Withings and the
 *                                  missing ones made again
 */
@ConfigurationProperties("iomt.webhook")
record WebhookProperties(String secret, int maxBodyBytes, Duration subscriptionCheckInterval) {

    public WebhookProperties {
        maxBodyBytes = maxBodyBytes <= 0 ? 8192 : maxBodyBytes;
        subscriptionCheckInterval = subscriptionCheckInterval == null ? Duration.ofHours(12) : subscriptionCheckInterval;
    }

    Optional<String> configuredSecret() {
        return Optional.ofNullable(secret).filter(value -> !value.isBlank());
    }

    @Override
    public String toString() {
        return "WebhookProperties[secret=redacted, maxBodyBytes=" + maxBodyBytes + ", subscriptionCheckInterval="
                + subscriptionCheckInterval + "]";
    }
}
