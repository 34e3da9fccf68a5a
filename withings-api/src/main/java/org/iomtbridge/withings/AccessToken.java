package org.iomtbridge.withings;

import java.util.Objects;

/** A user's Withings access token. {@link #toString()} never shows it. */
public record AccessToken(String value) {

    public AccessToken {
        if (Objects.requireNonNull(value, "value").isBlank()) {
            throw new IllegalArgumentException("access token is blank");
        }
    }

    @Override
    public String toString() {
        return "AccessToken[redacted]";
    }
}
