package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.bridge.webhook.Subscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ends a consent: by the admin API, or because the user unlinked the app in Withings (appli 46). The bridge's
 * subscriptions are revoked at Withings while it still can, the tokens destroyed, the account and the consent marked
 * revoked with the reason. Data already written to FHIR is kept.
 */
@Service
public class Revocation {

    private static final Logger LOG = LoggerFactory.getLogger(Revocation.class);

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final ConsentRecords consents;
    private final Subscriptions subscriptions;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final FhirConsents fhirConsents;

    public Revocation(AccountStore accounts, TokenStore tokens, ConsentRecords consents, Subscriptions subscriptions,
                      JdbcClient jdbc,
                      TransactionTemplate transactions, Clock clock, FhirConsents fhirConsents) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.consents = consents;
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.fhirConsents = fhirConsents;
    }

    /**
     * @param reason why, for the consent's history, for example {@code unlinked in Withings}
     * @return false when the user was not linked or already revoked
     */
    public boolean revoke(String withingsUserId, String reason) {
        Optional<AccountStore.Account> account = accounts.find(withingsUserId);
        if (account.isEmpty() || account.get().status() == AccountStatus.REVOKED) {
            return false;
        }
        tokens.load(withingsUserId).ifPresent(stored -> subscriptions.revokeAll(withingsUserId, stored.accessToken()));
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            tokens.delete(withingsUserId);
            accounts.setStatus(withingsUserId, AccountStatus.REVOKED, now);
            List<Long> active = jdbc.sql("select id from consent where withings_user_id = :user and status = 'ACTIVE'")
                    .param("user", withingsUserId).query(Long.class).list();
            for (long consent : active) {
                jdbc.sql("update consent set status = 'REVOKED', updated_at = :now where id = :id")
                        .param("now", Timestamp.from(now)).param("id", consent).update();
                consents.event(consent, "REVOKED", reason, now);
            }
        });
        LOG.info("Consent of Withings user {} revoked: {}", withingsUserId, reason);
        try {
            fhirConsents.write(withingsUserId);
        } catch (RuntimeException e) {
            LOG.warn("The FHIR Consent of Withings user {} was not marked inactive: {}", withingsUserId, e.getMessage());
        }
        return true;
    }
}
