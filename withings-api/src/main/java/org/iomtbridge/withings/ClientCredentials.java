package org.iomtbridge.withings;

import java.util.Objects;

/** The application's Withings client id and secret. {@link #toString()} never shows the secret. */
public record ClientCredentials(String clientId, String clientSecret) {

    public ClientCredentials {
        if (Objects.requireNonNull(clientId, "clientId").isBlank()) {
            throw new IllegalArgumentException("clientId is blank: set the client id of your Withings application");
        }
        if (Objects.requireNonNull(clientSecret, "clientSecret").isBlank()) {
            throw new IllegalArgumentException("clientSecret is blank: set the secret of your Withings application");
        }
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + ", clientSecret=redacted]";
    }
}
