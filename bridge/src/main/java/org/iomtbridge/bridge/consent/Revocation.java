package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.bridge.webhook.Subscriptions;
import org.iomtbridge.bridge.webhook.UnlinkConfirmed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends a consent: by the admin API, or because the user unlinked the app in Withings (a user action notification).
 * The bridge's subscriptions are revoked at Withings while it still can, the tokens destroyed, the account and the
 * consent marked revoked with the reason, and the revocation recorded in the audit trail. Data already written to
 * FHIR is kept, or erased by a durable task after a grace period when the policy says so
 * ({@code iomt.revocation.erase-data}, see {@link Erasures}).
 */
@Service
public class Revocation {

    private static final Logger LOG = LoggerFactory.getLogger(Revocation.class);

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final ConsentRecords consents;
    private final Subscriptions subscriptions;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ConsentFollowUps followUps;
    private final Erasures erasures;
    private final AuditTrail audit;
    private final boolean eraseData;

    public Revocation(AccountStore accounts, TokenStore tokens, ConsentRecords consents, Subscriptions subscriptions,
                      TransactionTemplate transactions, Clock clock, ConsentFollowUps followUps, Erasures erasures,
                      AuditTrail audit, ConsentProperties properties) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.consents = consents;
        this.subscriptions = subscriptions;
        this.transactions = transactions;
        this.clock = clock;
        this.followUps = followUps;
        this.erasures = erasures;
        this.audit = audit;
        this.eraseData = properties.revocation().eraseData();
    }

    /**
     * Revokes on behalf of the request's principal (the care team through the admin API, the patient through their
     * link).
     *
     * @param reason why, for the consent's history, for example {@code revoked through the admin API}
     * @return false when the user was not linked or already revoked
     */
    public boolean revoke(String withingsUserId, String reason) {
        return revoke(withingsUserId, reason, Optional.empty());
    }

    /** The user left Withings or unlinked the application, as Withings confirmed. */
    @EventListener
    void on(UnlinkConfirmed unlink) {
        revoke(unlink.withingsUserId(), "user " + unlink.action() + " in Withings", Optional.of(unlink.confirmedBy()));
    }

    private boolean revoke(String withingsUserId, String reason, Optional<AuditEntry.Actor> actor) {
        Optional<AccountStore.Account> account = accounts.find(withingsUserId);
        if (account.isEmpty() || account.get().status() == AccountStatus.REVOKED) {
            return false;
        }
        tokens.load(withingsUserId).ifPresent(stored -> subscriptions.revokeAll(withingsUserId, stored.accessToken(),
                account.get().scopes()));
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            tokens.delete(withingsUserId);
            accounts.setStatus(withingsUserId, AccountStatus.REVOKED, now);
            for (long consent : consents.active(withingsUserId)) {
                consents.changeStatus(consent, ConsentStatus.REVOKED, reason, now);
            }
            followUps.writeFhirConsent(withingsUserId);
            AuditEntry revoked = AuditEntry.of("consent.revoked", AuditEntry.Outcome.SUCCESS)
                    .withingsUser(withingsUserId).patient(account.get().patientReference()).detail(reason);
            audit.record(actor.map(named -> revoked.by(named.type(), named.name())).orElse(revoked));
            if (eraseData) {
                erasures.schedule(withingsUserId, account.get().patientReference(), actor);
            }
        });
        LOG.info("Consent of Withings user {} revoked: {}", withingsUserId, reason);
        return true;
    }
}
