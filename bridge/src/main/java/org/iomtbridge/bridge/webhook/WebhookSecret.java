package org.iomtbridge.bridge.webhook;

import org.springframework.stereotype.Component;

/** The secret path segment of the notification callback URL, from {@code iomt.webhook.secret}. */
@Component
class WebhookSecret {

    private final String value;

    public WebhookSecret(WebhookProperties properties) {
        this.value = properties.configuredSecret().orElseThrow(() -> new IllegalStateException(
                "iomt.webhook.secret is not set: choose a long random value (for example `openssl rand -hex 24`)"
                        + " and give it as IOMT_WEBHOOK_SECRET"));
        if (value.length() < 16) {
            throw new IllegalStateException("iomt.webhook.secret is shorter than 16 characters: it guards the webhook"
                    + " and must be unguessable");
        }
    }

    public boolean matches(String given) {
        return given != null && WebhookController.constantTimeEquals(value, given);
    }

    /** The callback URL Withings posts to, under the bridge's public base URL. */
    public String callbackUrl(String publicBaseUrl) {
        return publicBaseUrl.replaceAll("/+$", "") + "/webhooks/withings/" + value;
    }
}
