package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.BridgeProperties;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.enrollment.Enrollments;
import org.iomtbridge.bridge.sync.UserSync;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.bridge.webhook.Subscriptions;
import org.iomtbridge.withings.WithingsException;
import org.iomtbridge.withings.WithingsTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;

/**
 * What follows a patient's consent at Withings: the user linked to the patient, the tokens sealed, the consent and
 * its evidence recorded, the link spent — in one transaction — then the notifications subscribed and the backfill
 * started.
 */
@Service
public class Onboarding {

    private static final Logger LOG = LoggerFactory.getLogger(Onboarding.class);

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final ConsentRecords consents;
    private final Enrollments enrollments;
    private final Subscriptions subscriptions;
    private final UserSync sync;
    private final FhirConsents fhirConsents;
    private final TaskExecutor executor;
    private final TransactionTemplate transactions;
    private final BridgeProperties properties;
    private final Clock clock;

    public Onboarding(AccountStore accounts, TokenStore tokens, ConsentRecords consents, Enrollments enrollments,
                      Subscriptions subscriptions, UserSync sync, FhirConsents fhirConsents,
                      TaskExecutor executor,
                      TransactionTemplate transactions, BridgeProperties properties, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.consents = consents;
        this.enrollments = enrollments;
        this.subscriptions = subscriptions;
        this.sync = sync;
        this.fhirConsents = fhirConsents;
        this.executor = executor;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Records the consent and starts the data flowing; returns the Withings user id. */
    public String complete(Enrollments.Open enrollment, WithingsTokens granted, String clientAddress, String userAgent) {
        Instant now = clock.instant();
        String scopes = String.join(",", granted.scopes().stream().sorted().toList());
        BridgeProperties.Consent text = properties.consent();
        transactions.executeWithoutResult(status -> {
            accounts.link(granted.userId(), enrollment.patientReference(), scopes, now);
            tokens.save(granted.userId(), new TokenStore.Tokens(granted.accessToken(), granted.refreshToken(),
                    granted.expiresAt()), now);
            consents.granted(granted.userId(), enrollment.patientReference(), new ConsentRecords.Evidence(text.version(),
                    org.iomtbridge.mapping.fhir.ResourceIds.sha256(text.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    scopes, clientAddress, userAgent), now);
            enrollments.markUsed(enrollment.id());
        });
        subscribe(granted, scopes);
        executor.execute(() -> {
            writeConsent(granted.userId());
            backfill(granted.userId());
        });
        return granted.userId();
    }

    private void subscribe(WithingsTokens granted, String scopes) {
        try {
            subscriptions.ensure(granted.userId(), granted.accessToken(), scopes);
        } catch (WithingsException e) {
            LOG.warn("Withings user {} is not yet subscribed to notifications; the periodic check retries: {}",
                    granted.userId(), e.getMessage());
        }
    }

    private void writeConsent(String withingsUserId) {
        try {
            fhirConsents.write(withingsUserId);
        } catch (RuntimeException e) {
            LOG.warn("The FHIR Consent of Withings user {} was not written: {}", withingsUserId, e.getMessage());
        }
    }

    private void backfill(String withingsUserId) {
        try {
            UserSync.Result result = sync.sync(withingsUserId);
            LOG.info("Backfill of Withings user {}: observations {}", withingsUserId, result.observations());
        } catch (RuntimeException e) {
            LOG.warn("Backfill of Withings user {} failed; the next sync retries: {}", withingsUserId, e.getMessage());
        }
    }
}
