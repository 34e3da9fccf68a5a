package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.BridgeProperties;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.enrollment.Enrollments;
import org.iomtbridge.bridge.sync.UserSync;
import org.iomtbridge.bridge.sync.WithingsClients;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.bridge.webhook.WebhookSecret;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.WithingsException;
import org.iomtbridge.withings.WithingsTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What follows a patient's consent at Withings: the user linked to the patient, the tokens sealed, the consent and
 * its evidence recorded, the link spent — in one transaction — then the notifications subscribed and the backfill
 * started.
 */
@Service
public class Onboarding {

    private static final Logger LOG = LoggerFactory.getLogger(Onboarding.class);
    private static final Map<Scope, List<Integer>> APPLIS = Map.of(
            Scope.USER_METRICS, List.of(1, 2, 4, 54),
            Scope.USER_ACTIVITY, List.of(16, 44),
            Scope.USER_INFO, List.of(46));

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final ConsentRecords consents;
    private final Enrollments enrollments;
    private final WithingsClients withings;
    private final WebhookSecret webhook;
    private final UserSync sync;
    private final FhirConsents fhirConsents;
    private final TaskExecutor executor;
    private final TransactionTemplate transactions;
    private final BridgeProperties properties;
    private final Clock clock;

    public Onboarding(AccountStore accounts, TokenStore tokens, ConsentRecords consents, Enrollments enrollments,
                      WithingsClients withings, WebhookSecret webhook, UserSync sync, FhirConsents fhirConsents,
                      TaskExecutor executor,
                      TransactionTemplate transactions, BridgeProperties properties, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.consents = consents;
        this.enrollments = enrollments;
        this.withings = withings;
        this.webhook = webhook;
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
        subscribe(granted);
        executor.execute(() -> {
            writeConsent(granted.userId());
            backfill(granted.userId());
        });
        return granted.userId();
    }

    private void subscribe(WithingsTokens granted) {
        URI callback = URI.create(webhook.callbackUrl(properties.publicBaseUrl()));
        List<Integer> failed = new ArrayList<>();
        APPLIS.forEach((scope, applis) -> {
            if (granted.granted(scope)) {
                for (int appli : applis) {
                    try {
                        withings.client().subscribe(granted.accessToken(), callback, appli, "iomt-bridge");
                    } catch (WithingsException e) {
                        failed.add(appli);
                        LOG.warn("Subscribing Withings user {} to appli {} failed: {}", granted.userId(), appli,
                                e.getMessage());
                    }
                }
            }
        });
        if (!failed.isEmpty()) {
            LOG.warn("Withings user {} has no subscription for appli {}: the periodic check will retry", granted.userId(),
                    failed);
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
