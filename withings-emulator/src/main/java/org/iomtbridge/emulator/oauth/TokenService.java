package org.iomtbridge.emulator.oauth;

import org.iomtbridge.emulator.api.WithingsError;
import org.iomtbridge.emulator.traffic.TrafficStats;
import org.springframework.stereotype.Service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Withings' token rules: authorization codes live 30 seconds and work once; access tokens live 3 hours; each refresh
 * rotates the refresh token, and the old one keeps working until the new access token is first used or 8 hours pass.
 */
@Service
public class TokenService {

    static final Duration CODE_LIFETIME = Duration.ofSeconds(30);
    static final Duration ACCESS_LIFETIME = Duration.ofHours(3);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(365);
    static final Duration OLD_REFRESH_GRACE = Duration.ofHours(8);

    /** Who authorized what. */
    public record Grant(long userid, String clientId, Set<String> scopes) {
    }

    private record Code(Grant grant, String redirectUri, Instant issued) {
    }

    /** A pair of tokens as issued, for tests that look for tokens where none may be (logs, database dumps). */
    public record Issued(long userid, String clientId, String accessToken, String refreshToken, Instant issuedAt) {
    }

    private record Access(Grant grant, Instant expires, String refreshToken) {
    }

    private record Refresh(Grant grant, Instant expires, Optional<String> successorAccess, Optional<Instant> supersededAt) {
    }

    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private final java.util.List<Issued> issued = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final TrafficStats stats;

    public TokenService(Clock clock, TrafficStats stats) {
        this.clock = clock;
        this.stats = stats;
    }

    public String issueCode(Grant grant, String redirectUri) {
        String code = token(20);
        codes.put(code, new Code(grant, redirectUri, clock.instant()));
        return code;
    }

    /** Exchanges a code once; a late, reused or unknown code, or another redirect URI, is status 503. */
    public synchronized Map<String, Object> exchange(String clientId, String code, String redirectUri) {
        Code issued = code == null ? null : codes.remove(code);
        if (issued == null || !issued.grant().clientId().equals(clientId)) {
            throw WithingsError.invalidParams("invalid code");
        }
        if (clock.instant().isAfter(issued.issued().plus(CODE_LIFETIME))) {
            throw WithingsError.invalidParams("the code has expired");
        }
        if (!issued.redirectUri().equals(redirectUri)) {
            throw WithingsError.invalidParams("redirect_uri does not match the authorization request");
        }
        return issue(issued.grant());
    }

    /** Rotates the refresh token: a new pair; the old refresh token stays valid for a while (see class comment). */
    public synchronized Map<String, Object> refresh(String clientId, String refreshToken) {
        Refresh current = refreshToken == null ? null : refreshTokens.get(refreshToken);
        Instant now = clock.instant();
        if (current == null || !current.grant().clientId().equals(clientId) || now.isAfter(current.expires())
                || current.supersededAt().map(at -> now.isAfter(at.plus(OLD_REFRESH_GRACE))).orElse(false)) {
            throw WithingsError.invalidParams("invalid refresh_token");
        }
        Map<String, Object> answer = issue(current.grant());
        refreshTokens.put(refreshToken, new Refresh(current.grant(), current.expires(),
                Optional.of((String) answer.get("access_token")), Optional.of(now)));
        stats.tokenRefreshed();
        return answer;
    }

    /**
     * The grant of a valid access token; its first use ends the refresh token it replaced.
     *
     * @throws WithingsError status 401 for an unknown or expired token
     */
    public Grant authenticate(String accessToken) {
        Access access = accessToken == null ? null : accessTokens.get(accessToken);
        if (access == null || clock.instant().isAfter(access.expires())) {
            throw WithingsError.invalidToken();
        }
        refreshTokens.entrySet().removeIf(entry -> entry.getValue().successorAccess().map(accessToken::equals).orElse(false));
        return access.grant();
    }

    public Optional<Grant> peek(String accessToken) {
        return Optional.ofNullable(accessToken == null ? null : accessTokens.get(accessToken)).map(Access::grant);
    }

    /** Ends every token of the user: unlink, partner revoke. */
    public void revokeUser(long userid) {
        accessTokens.values().removeIf(access -> access.grant().userid() == userid);
        refreshTokens.values().removeIf(refresh -> refresh.grant().userid() == userid);
        codes.values().removeIf(code -> code.grant().userid() == userid);
    }

    /** Every pair of tokens ever issued, expired and revoked ones included. */
    public java.util.List<Issued> issued() {
        return java.util.List.copyOf(issued);
    }

    /** Ends every access token (a fault): clients must refresh. */
    public void invalidateAccessTokens() {
        accessTokens.clear();
    }

    private Map<String, Object> issue(Grant grant) {
        String access = token(20);
        String refresh = token(20);
        Instant now = clock.instant();
        accessTokens.put(access, new Access(grant, now.plus(ACCESS_LIFETIME), refresh));
        refreshTokens.put(refresh, new Refresh(grant, now.plus(REFRESH_LIFETIME), Optional.empty(), Optional.empty()));
        issued.add(new Issued(grant.userid(), grant.clientId(), access, refresh, now));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userid", String.valueOf(grant.userid()));
        body.put("access_token", access);
        body.put("refresh_token", refresh);
        body.put("expires_in", ACCESS_LIFETIME.toSeconds());
        body.put("scope", String.join(",", new java.util.TreeSet<>(grant.scopes())));
        body.put("csrf_token", token(8));
        body.put("token_type", "Bearer");
        return body;
    }

    private String token(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }
}
