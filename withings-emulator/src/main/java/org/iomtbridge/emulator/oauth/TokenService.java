package org.iomtbridge.emulator.oauth;

import org.iomtbridge.emulator.api.WithingsError;
import org.iomtbridge.emulator.state.Hashed;
import org.iomtbridge.emulator.state.Table;
import org.iomtbridge.emulator.state.WorldFile;
import org.iomtbridge.emulator.traffic.TrafficStats;
import org.springframework.stereotype.Service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Withings' token rules: authorization codes live 30 seconds and work once; access tokens live 3 hours; each refresh
 * rotates the refresh token, and the old one keeps working until the new access token is first used or 8 hours pass.
 * Codes and tokens are kept by their SHA-256, in memory and in the world file, so that a restarted emulator knows the
 * tokens it issued before while its files hold none; only the list of tokens issued since this start, for tests,
 * holds them themselves, in memory.
 */
@Service
public class TokenService {

    static final Duration CODE_LIFETIME = Duration.ofSeconds(30);
    static final Duration ACCESS_LIFETIME = Duration.ofHours(3);
    static final Duration REFRESH_LIFETIME = Duration.ofDays(365);
    static final Duration OLD_REFRESH_GRACE = Duration.ofHours(8);

    /**
     * Who authorized what.
     *
     * @param scopes in the order the authorization request named them, as the token answer repeats them
     */
    public record Grant(long userid, String clientId, List<String> scopes) {

        public Grant {
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * @param redirectUri null for a program member's code, which names none: any redirect URI exchanges it
     * @param lifetime    null in a world written before codes had lifetimes, when every code lived 30 seconds
     */
    record Code(Grant grant, String redirectUri, Instant issued, Duration lifetime) {

        Instant expires() {
            return issued.plus(lifetime == null ? CODE_LIFETIME : lifetime);
        }
    }

    /** A pair of tokens as issued, for tests that look for tokens where none may be (logs, database dumps). */
    public record Issued(long userid, String clientId, String accessToken, String refreshToken, Instant issuedAt) {
    }

    record Access(Grant grant, Instant expires) {
    }

    /**
     * @param successorAccess the hash of the access token this refresh token was rotated for
     */
    record Refresh(Grant grant, Instant expires, Optional<String> successorAccess, Optional<Instant> supersededAt) {
    }

    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Access> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private final Table<Code> storedCodes;
    private final Table<Access> storedAccessTokens;
    private final Table<Refresh> storedRefreshTokens;
    private final List<Issued> issued = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final TrafficStats stats;

    public TokenService(Clock clock, TrafficStats stats, WorldFile file) {
        this.clock = clock;
        this.stats = stats;
        this.storedCodes = file.table("authorization-codes", Code.class);
        this.storedAccessTokens = file.table("access-tokens", Access.class);
        this.storedRefreshTokens = file.table("refresh-tokens", Refresh.class);
        // A code that was never exchanged is of no use once its 30 seconds are over: the new world is rid of it.
        storedCodes.loaded().forEach((hash, code) -> {
            if (clock.instant().isAfter(code.expires())) {
                storedCodes.remove(hash);
            } else {
                codes.put(hash, code);
            }
        });
        accessTokens.putAll(storedAccessTokens.loaded());
        refreshTokens.putAll(storedRefreshTokens.loaded());
    }

    public synchronized String issueCode(Grant grant, String redirectUri) {
        return issueCode(grant, redirectUri, CODE_LIFETIME);
    }

    /** A code of the given lifetime; {@code redirectUri} null when any redirect URI may exchange it. */
    public synchronized String issueCode(Grant grant, String redirectUri, Duration lifetime) {
        String code = token(20);
        Code issuedCode = new Code(grant, redirectUri, clock.instant(), lifetime);
        codes.put(Hashed.sha256(code), issuedCode);
        storedCodes.put(Hashed.sha256(code), issuedCode);
        return code;
    }

    /** Exchanges a code once; a late, reused or unknown code, or another redirect URI, is status 503. */
    public synchronized Map<String, Object> exchange(String clientId, String code, String redirectUri) {
        String hash = code == null ? null : Hashed.sha256(code);
        Code issued = hash == null ? null : codes.remove(hash);
        if (issued != null) {
            storedCodes.remove(hash);
        }
        if (issued == null || !issued.grant().clientId().equals(clientId)) {
            throw WithingsError.invalidParams("invalid code");
        }
        if (clock.instant().isAfter(issued.expires())) {
            throw WithingsError.invalidParams("the code has expired");
        }
        if (issued.redirectUri() != null && !issued.redirectUri().equals(redirectUri)) {
            throw WithingsError.invalidParams("redirect_uri does not match the authorization request");
        }
        return issue(issued.grant());
    }

    /** Rotates the refresh token: a new pair; the old refresh token stays valid for a while (see class comment). */
    public synchronized Map<String, Object> refresh(String clientId, String refreshToken) {
        String hash = refreshToken == null ? null : Hashed.sha256(refreshToken);
        Refresh current = hash == null ? null : refreshTokens.get(hash);
        Instant now = clock.instant();
        if (current == null || !current.grant().clientId().equals(clientId) || now.isAfter(current.expires())
                || current.supersededAt().map(at -> now.isAfter(at.plus(OLD_REFRESH_GRACE))).orElse(false)) {
            throw WithingsError.invalidParams("invalid refresh_token");
        }
        Map<String, Object> answer = issue(current.grant());
        Refresh superseded = new Refresh(current.grant(), current.expires(),
                Optional.of(Hashed.sha256((String) answer.get("access_token"))), Optional.of(now));
        refreshTokens.put(hash, superseded);
        storedRefreshTokens.put(hash, superseded);
        stats.tokenRefreshed();
        return answer;
    }

    /**
     * The grant of a valid access token; its first use ends the refresh token it replaced.
     *
     * @throws WithingsError status 401 for an unknown or expired token
     */
    public Grant authenticate(String accessToken) {
        String hash = accessToken == null ? null : Hashed.sha256(accessToken);
        Access access = hash == null ? null : accessTokens.get(hash);
        if (access == null || clock.instant().isAfter(access.expires())) {
            throw WithingsError.invalidToken();
        }
        if (refreshTokens.values().stream().anyMatch(refresh -> refresh.successorAccess().filter(hash::equals).isPresent())) {
            endRefreshTokens(refresh -> refresh.successorAccess().filter(hash::equals).isPresent());
        }
        return access.grant();
    }

    public Optional<Grant> peek(String accessToken) {
        return Optional.ofNullable(accessToken == null ? null : accessTokens.get(Hashed.sha256(accessToken)))
                .map(Access::grant);
    }

    /** The users whose authorization of the client still holds: a refresh token that has not expired. */
    public Set<Long> authorizedUsers(String clientId) {
        Instant now = clock.instant();
        return refreshTokens.values().stream()
                .filter(refresh -> refresh.grant().clientId().equals(clientId) && now.isBefore(refresh.expires()))
                .map(refresh -> refresh.grant().userid())
                .collect(Collectors.toSet());
    }

    /** Ends every token of the user: unlink, partner revoke. */
    public synchronized void revokeUser(long userid) {
        removeWhere(accessTokens, storedAccessTokens, access -> access.grant().userid() == userid);
        endRefreshTokens(refresh -> refresh.grant().userid() == userid);
        removeWhere(codes, storedCodes, code -> code.grant().userid() == userid);
    }

    /** Every pair of tokens issued since this start, expired and revoked ones included (they are kept nowhere else). */
    public List<Issued> issued() {
        return List.copyOf(issued);
    }

    /** Ends every access token (a fault): clients must refresh. */
    public synchronized void invalidateAccessTokens() {
        accessTokens.clear();
        storedAccessTokens.clear();
    }

    private synchronized void endRefreshTokens(Predicate<Refresh> ending) {
        removeWhere(refreshTokens, storedRefreshTokens, ending);
    }

    private static <T> void removeWhere(Map<String, T> values, Table<T> stored, Predicate<T> condition) {
        for (Map.Entry<String, T> entry : List.copyOf(values.entrySet())) {
            if (condition.test(entry.getValue())) {
                values.remove(entry.getKey());
                stored.remove(entry.getKey());
            }
        }
    }

    private Map<String, Object> issue(Grant grant) {
        String access = token(20);
        String refresh = token(20);
        Instant now = clock.instant();
        Access issuedAccess = new Access(grant, now.plus(ACCESS_LIFETIME));
        Refresh issuedRefresh = new Refresh(grant, now.plus(REFRESH_LIFETIME), Optional.empty(), Optional.empty());
        accessTokens.put(Hashed.sha256(access), issuedAccess);
        storedAccessTokens.put(Hashed.sha256(access), issuedAccess);
        refreshTokens.put(Hashed.sha256(refresh), issuedRefresh);
        storedRefreshTokens.put(Hashed.sha256(refresh), issuedRefresh);
        issued.add(new Issued(grant.userid(), grant.clientId(), access, refresh, now));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userid", String.valueOf(grant.userid()));
        body.put("access_token", access);
        body.put("refresh_token", refresh);
        body.put("expires_in", ACCESS_LIFETIME.toSeconds());
        body.put("scope", String.join(",", grant.scopes()));
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
