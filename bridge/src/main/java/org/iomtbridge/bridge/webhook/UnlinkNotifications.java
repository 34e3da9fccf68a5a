package org.iomtbridge.bridge.webhook;

import org.iomtbridge.bridge.withings.AccessTokens;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.WithingsApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Optional;

/**
 * Acts on a user action the webhook was told of — the user unlinked the application or deleted their account — only
 * once Withings confirms it. The webhook's secret path is the notification's only guard, and URLs leak; so the user's
 * token is tried first with a cheap call (notify list). While Withings accepts it, the user did not unlink: the
 * notification is kept as {@code UNCONFIRMED}, recorded, and nothing is revoked. Withings refusing both the access and
 * the refresh token of a connection that worked until now confirms it, and {@link UnlinkConfirmed} is published for
 * the consent to end; a connection
 * Withings already refused ({@code REAUTHORIZATION_NEEDED}) cannot confirm anything, so nothing is revoked either. When Withings cannot be reached the call throws and the
 * sync task retries later: nothing is revoked on doubt.
 */
@Service
public class UnlinkNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(UnlinkNotifications.class);
    private static final AuditEntry.Actor WITHINGS = new AuditEntry.Actor(AuditEntry.ActorType.WITHINGS, "webhook");

    private final NotificationInbox inbox;
    private final AccountStore accounts;
    private final AccessTokens accessTokens;
    private final WithingsClients withings;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;

    public UnlinkNotifications(NotificationInbox inbox, AccountStore accounts, AccessTokens accessTokens,
                               WithingsClients withings, ApplicationEventPublisher events, AuditTrail audit,
                               TransactionTemplate transactions) {
        this.inbox = inbox;
        this.accounts = accounts;
        this.accessTokens = accessTokens;
        this.withings = withings;
        this.events = events;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** What became of a user's pending unlink or delete. */
    public enum Verdict {
        /** None was pending, or the consent is already revoked. */
        NONE,
        /** Withings still accepts the user's token, or cannot confirm (it already refused the connection): set aside. */
        UNCONFIRMED,
        /** Withings refused the token: the consent is revoked. */
        REVOKED
    }

    /** Confirms with Withings the user's pending unlink or delete received until {@code until}, and revokes if it holds. */
    public Verdict confirm(String withingsUserId, Instant until) {
        Optional<String> action = inbox.pendingRemoval(withingsUserId, until);
        Optional<AccountStore.Account> account = accounts.find(withingsUserId);
        if (action.isEmpty() || account.isEmpty() || account.get().status() == AccountStatus.REVOKED) {
            return Verdict.NONE;
        }
        if (account.get().status() != AccountStatus.ACTIVE || !accessTokens.held(withingsUserId)) {
            // Withings already stopped taking this connection: a refused token now proves nothing about who posted.
            return setAside(withingsUserId, until, account.get(), action.get(), "Withings no longer accepts the"
                    + " connection, so it cannot confirm the notification; the patient or the care team can end it");
        }
        if (withingsAcceptsTheLink(withingsUserId)) {
            return setAside(withingsUserId, until, account.get(), action.get(), "Withings still accepts the user's token");
        }
        events.publishEvent(new UnlinkConfirmed(withingsUserId, action.get(), WITHINGS));
        return Verdict.REVOKED;
    }

    private Verdict setAside(String withingsUserId, Instant until, AccountStore.Account account, String action,
                             String why) {
        transactions.executeWithoutResult(status -> {
            inbox.markUnconfirmed(withingsUserId, until);
            audit.record(AuditEntry.of("notification.unlink.unconfirmed", AuditEntry.Outcome.REFUSED)
                    .by(WITHINGS.type(), WITHINGS.name()).withingsUser(withingsUserId)
                    .patient(account.patientReference())
                    .detail("action " + action + " not acted on: " + why));
        });
        LOG.warn("Withings user {}: a notification told of {}, not acted on: {}; nothing is revoked", withingsUserId,
                action, why);
        return Verdict.UNCONFIRMED;
    }

    /** @throws org.iomtbridge.withings.WithingsException when Withings cannot tell (unreachable, busy, failing) */
    private boolean withingsAcceptsTheLink(String withingsUserId) {
        try {
            AccessToken token = accessTokens.valid(withingsUserId);
            try {
                withings.client().subscriptions(token, Optional.empty());
            } catch (WithingsApiException.AuthenticationFailed refused) {
                // An access token can end before its time (a password change): the refresh token tells whether the
                // link holds.
                withings.client().subscriptions(accessTokens.replacing(withingsUserId, token), Optional.empty());
            }
            return true;
        } catch (AccessTokens.ReauthorizationNeeded refused) {
            return false;
        }
    }
}
