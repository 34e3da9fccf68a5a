package org.iomtbridge.bridge.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the bridge is reached from outside, under {@code iomt.*}: the links it hands out (enrollment, consent, the
 * OAuth callback, the webhook) start with it.
 *
 * @param publicBaseUrl the bridge's address as patients and Withings reach it, without a trailing slash
 */
@ConfigurationProperties("iomt")
public record WebProperties(String publicBaseUrl) {

    public WebProperties {
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? "http://localhost:8080"
                : publicBaseUrl.replaceAll("/+$", "");
    }
}
