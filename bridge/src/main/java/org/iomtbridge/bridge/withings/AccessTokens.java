package org.iomtbridge.bridge.withings;

import com.google.common.util.concurrent.Striped;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.WithingsApiException;
import org.iomtbridge.withings.WithingsTokens;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.concurrent.locks.Lock;

/**
 * A user's valid access token. Refreshing holds the user's row lock in the database, so that across all instances one
 * refresh runs at a time per user; the rotated refresh token is committed before the new access token is used,
 * because its first use ends the old refresh token.
 * <p>
 * Within an instance, a user's callers queue for the refresh before taking a database connection: the refreshing
 * thread needs a second one for the shared rate limit, and callers waiting on the row lock with every pooled
 * connection in hand would starve it.
 */
@Service
public class AccessTokens {

    private final TokenStore tokens;
    private final AccountStore accounts;
    private final WithingsClients withings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Striped<Lock> refreshes = Striped.lock(64);

    public AccessTokens(TokenStore tokens, AccountStore accounts, WithingsClients withings,
                        TransactionTemplate transactions, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.withings = withings;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * @throws ReauthorizationNeeded when Withings no longer accepts the refresh token (the account is marked so)
     */
    public AccessToken valid(String withingsUserId) {
        TokenStore.Tokens current = tokens.load(withingsUserId).orElseThrow(() ->
                new ReauthorizationNeeded("Withings user " + withingsUserId + " has no tokens: the patient must consent"));
        if (clock.instant().plus(withings.properties().refreshMargin()).isBefore(current.accessExpiresAt())) {
            return current.accessToken();
        }
        return refreshed(withingsUserId, null);
    }

    /** Whether the bridge holds tokens of the user: none before a consent, nor after a revocation. */
    public boolean held(String withingsUserId) {
        return tokens.load(withingsUserId).isPresent();
    }

    private ReauthorizationNeeded reauthorizationNeeded(String withingsUserId, WithingsApiException refused) {
        accounts.setStatus(withingsUserId, AccountStatus.REAUTHORIZATION_NEEDED, clock.instant());
        return new ReauthorizationNeeded("Withings refused the refresh token of user " + withingsUserId
                + " (status " + refused.status() + "): the patient must authorize again through their link");
    }

    /**
     * A new access token after Withings refused {@code rejected} before its expiry (a password change, a revoked
     * session). When another thread already replaced it, that replacement is returned without refreshing again.
     *
     * @throws ReauthorizationNeeded when Withings no longer accepts the refresh token (the account is marked so)
     */
    public AccessToken replacing(String withingsUserId, AccessToken rejected) {
        return refreshed(withingsUserId, rejected);
    }

    private AccessToken refreshed(String withingsUserId, AccessToken rejected) {
        Lock queue = refreshes.get(withingsUserId);
        queue.lock();
        try {
            return transactions.execute(status -> refreshLocked(withingsUserId, rejected));
        } catch (WithingsApiException.AuthenticationFailed | WithingsApiException.InvalidParameters e) {
            throw reauthorizationNeeded(withingsUserId, e);
        } finally {
            queue.unlock();
        }
    }

    /** @param rejected an access token Withings refused, to be replaced even before its expiry; null if none */
    private AccessToken refreshLocked(String withingsUserId, AccessToken rejected) {
        accounts.lock(withingsUserId);
        TokenStore.Tokens locked = tokens.load(withingsUserId).orElseThrow(() ->
                new ReauthorizationNeeded("Withings user " + withingsUserId + " has no tokens: the patient must consent"));
        boolean stillValid = clock.instant().plus(withings.properties().refreshMargin()).isBefore(locked.accessExpiresAt());
        if (stillValid && !locked.accessToken().equals(rejected)) {
            return locked.accessToken();
        }
        WithingsTokens rotated = withings.client().oauth().refresh(locked.refreshToken());
        tokens.save(withingsUserId, new TokenStore.Tokens(rotated.accessToken(), rotated.refreshToken(),
                rotated.expiresAt()), clock.instant());
        return rotated.accessToken();
    }

    /** The patient must authorize the bridge again. */
    public static final class ReauthorizationNeeded extends RuntimeException {
        public ReauthorizationNeeded(String message) {
            super(message);
        }
    }
}
