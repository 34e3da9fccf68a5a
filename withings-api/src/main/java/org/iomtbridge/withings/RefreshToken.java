package org.iomtbridge.withings;

import java.util.Objects;

/** A user's Withings refresh token. Each use returns a new one. {@link #toString()} never shows it. */
public record RefreshToken(String value) {

    public RefreshToken {
        if (Objects.requireNonNull(value, "value").isBlank()) {
            throw new IllegalArgumentException("refresh token is blank");
        }
    }

    @Override
    public String toString() {
        return "RefreshToken[redacted]";
    }
}
