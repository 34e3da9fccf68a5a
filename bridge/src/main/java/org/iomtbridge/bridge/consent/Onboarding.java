package org.iomtbridge.bridge.consent;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.enrollment.Enrollments;
import org.iomtbridge.bridge.shared.Sha256;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.bridge.webhook.Subscriptions;
import org.iomtbridge.bridge.withings.ActiveUserCap;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.WithingsTokens;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What follows a patient's consent at Withings: the user linked to the patient, the tokens sealed, the consent and
 * its evidence recorded, the link spent, the FHIR Consent scheduled, {@link ConsentGranted} published (the backfill),
 * the notification subscriptions scheduled, a pending erasure of the user's data cancelled — in one transaction. The
 * patient's page answers then: the backfill and the subscriptions (a Withings call and Withings' probe of the webhook
 * per category) run after it as durable tasks, the data first.
 */
@Service
class Onboarding {

    private final AccountStore accounts;
    private final TokenStore tokens;
    private final ConsentRecords consents;
    private final Enrollments enrollments;
    private final Subscriptions subscriptions;
    private final IGenericClient fhir;
    private final ConsentFollowUps followUps;
    private final Erasures erasures;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final ConsentProperties properties;
    private final Clock clock;
    private final AuditTrail audit;
    private final ActiveUserCap cap;

    /** The Withings plan has no place for another active user: nothing was linked, the link still works. */
    public static final class PlanFull extends RuntimeException {
        public PlanFull(String reason) {
            super(reason);
        }
    }

    public Onboarding(AccountStore accounts, TokenStore tokens, ConsentRecords consents, Enrollments enrollments,
                      Subscriptions subscriptions, IGenericClient fhirClient, ConsentFollowUps followUps,
                      Erasures erasures, ApplicationEventPublisher events,
                      TransactionTemplate transactions, ConsentProperties properties, Clock clock, AuditTrail audit,
                      ActiveUserCap cap) {
        this.audit = audit;
        this.cap = cap;
        this.accounts = accounts;
        this.tokens = tokens;
        this.consents = consents;
        this.enrollments = enrollments;
        this.subscriptions = subscriptions;
        this.fhir = fhirClient;
        this.followUps = followUps;
        this.erasures = erasures;
        this.events = events;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Records the consent and starts the data flowing; returns the Withings user id. A self-enrolled patient's FHIR
     * Patient is created first.
     *
     * @throws Enrollments.LinkAlreadyUsed when another callback spent the enrollment link first: nothing is linked
     * @throws PlanFull when the user would be one active user more than the Withings plan allows: nothing is linked
     */
    public String complete(Enrollments.Open enrollment, WithingsTokens granted, String clientAddress, String userAgent) {
        enrollment.newPatient().ifPresent(patient -> fhir.update().resource(patient).execute());
        Instant now = clock.instant();
        ConsentProperties.Text text = properties.consent();
        transactions.executeWithoutResult(status -> {
            // First, so that of two callbacks racing on one link the second waits here, finds it spent, and links none.
            enrollments.spend(enrollment.id());
            cap.refusalOf(granted.userId()).ifPresent(reason -> {
                throw new PlanFull(reason);
            });
            accounts.link(granted.userId(), enrollment.patientReference(), granted.scopes(), now);
            tokens.save(granted.userId(), new TokenStore.Tokens(granted.accessToken(), granted.refreshToken(),
                    granted.expiresAt()), now);
            consents.granted(granted.userId(), enrollment.patientReference(), new ConsentRecords.Evidence(text.version(),
                    Sha256.hex(text.text()),
                    granted.scopes(), clientAddress, userAgent), now);
            audit.record(AuditEntry.of("consent.granted", AuditEntry.Outcome.SUCCESS)
                    .by(AuditEntry.ActorType.PATIENT, "oauth callback").withingsUser(granted.userId())
                    .patient(enrollment.patientReference()).detail("consent text version " + text.version()
                            + ", scopes " + Scope.join(granted.scopes())));
            followUps.writeFhirConsent(granted.userId());
            erasures.cancel(granted.userId(), "the user connected again",
                    Optional.of(new AuditEntry.Actor(AuditEntry.ActorType.PATIENT, "enrollment")));
            events.publishEvent(new ConsentGranted(granted.userId(), enrollment.patientReference()));
            subscriptions.subscribeSoon(granted.userId());
        });
        return granted.userId();
    }
}
