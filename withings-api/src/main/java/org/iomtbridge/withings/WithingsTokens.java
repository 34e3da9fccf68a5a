package org.iomtbridge.withings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The tokens Withings issued for one user. Withings rotates the refresh token on every refresh: persist
 * {@link #refreshToken()} before using {@link #accessToken()}, because using the new access token ends the old
 * refresh token. {@link #toString()} never shows a token.
 *
 * @param userId       the Withings user id, as text (Withings sends it as a string or a number)
 * @param scopes       the scopes the user granted (those this client knows)
 * @param expiresAt    when the access token stops working
 */
public record WithingsTokens(String userId, AccessToken accessToken, RefreshToken refreshToken, Instant expiresAt,
                             Set<Scope> scopes, String tokenType) {

    public WithingsTokens {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(tokenType, "tokenType");
    }

    /** True when the access token is expired or expires within {@code margin} of the clock's now. */
    public boolean expiresWithin(Duration margin, Clock clock) {
        return !clock.instant().plus(margin).isBefore(expiresAt);
    }

    public boolean granted(Scope scope) {
        return scopes.contains(scope);
    }

    @Override
    public String toString() {
        return "WithingsTokens[userId=" + userId + ", accessToken=redacted, refreshToken=redacted, expiresAt="
                + expiresAt + ", scopes=" + scopes + ", tokenType=" + tokenType + "]";
    }
}
