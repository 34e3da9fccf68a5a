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
public class Onboarding {

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
        ConsentProperties.Text text = properties.consent();
        ConsentRecords.Evidence evidence = new ConsentRecords.Evidence(text.version(), Sha256.hex(text.text()),
                granted.scopes(), clientAddress, userAgent, Optional.empty(), Optional.empty());
        AuditEntry granting = AuditEntry.of("consent.granted", AuditEntry.Outcome.SUCCESS)
                .by(AuditEntry.ActorType.PATIENT, "oauth callback");
        // First, so that of two callbacks racing on one link the second waits here, finds it spent, and links none.
        link(enrollment.patientReference(), granted, evidence, granting, () -> enrollments.spend(enrollment.id()));
        return granted.userId();
    }

    /** The version of the consent text a patient reads, or signs on paper when the care team enrolls them in person. */
    public String consentTextVersion() {
        return properties.consent().version();
    }

    /**
     * Records a consent the care team took in person, for a patient whose Withings account a program created
     * (a provider-managed device), and starts the data flowing as for any consent. The care team member is the
     * request's principal: the audit record names them.
     *
     * @param textVersion the version of the text the patient signed: the current one
     * @throws PlanFull when the user would be one active user more than the Withings plan allows: nothing is linked
     * @throws IllegalArgumentException when the text version is not the current one: nothing is linked
     */
    public void completeCaptured(String patientReference, WithingsTokens granted, String textVersion,
                                 String capturedBy, Optional<String> signedDocument, String clientAddress) {
        refusalOfTextVersion(textVersion).ifPresent(refusal -> {
            throw new IllegalArgumentException(refusal);
        });
        ConsentProperties.Text text = properties.consent();
        ConsentRecords.Evidence evidence = new ConsentRecords.Evidence(text.version(), Sha256.hex(text.text()),
                granted.scopes(), clientAddress, "captured in person by the care team", Optional.of(capturedBy),
                signedDocument);
        link(patientReference, granted, evidence, AuditEntry.of("consent.captured", AuditEntry.Outcome.SUCCESS),
                () -> { });
    }

    /** Why a consent the care team took on this text version is not taken, if it is not: only the current text is. */
    public Optional<String> refusalOfTextVersion(String textVersion) {
        if (textVersion == null || textVersion.isBlank()) {
            return Optional.of("consentTextVersion is missing: give the version of the consent text the patient signed");
        }
        if (!textVersion.equals(properties.consent().version())) {
            return Optional.of("the patient signed consent text version '" + textVersion + "', but the current text"
                    + " is version " + properties.consent().version() + ": have them sign the current text"
                    + " (iomt.consent.*)");
        }
        return Optional.empty();
    }

    private void link(String patientReference, WithingsTokens granted, ConsentRecords.Evidence evidence,
                      AuditEntry granting, Runnable first) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            first.run();
            cap.refusalOf(granted.userId()).ifPresent(reason -> {
                throw new PlanFull(reason);
            });
            accounts.link(granted.userId(), patientReference, granted.scopes(), now);
            tokens.save(granted.userId(), new TokenStore.Tokens(granted.accessToken(), granted.refreshToken(),
                    granted.expiresAt()), now);
            consents.granted(granted.userId(), patientReference, evidence, now);
            audit.record(granting.withingsUser(granted.userId()).patient(patientReference)
                    .detail("consent text version " + evidence.textVersion() + ", scopes " + Scope.join(granted.scopes())
                            + evidence.signedDocument().map(document -> ", signed form " + document).orElse("")));
            followUps.writeFhirConsent(granted.userId());
            erasures.cancel(granted.userId(), "the user connected again",
                    Optional.of(new AuditEntry.Actor(AuditEntry.ActorType.PATIENT, "enrollment")));
            events.publishEvent(new ConsentGranted(granted.userId(), patientReference));
            subscriptions.subscribeSoon(granted.userId());
        });
    }
}
