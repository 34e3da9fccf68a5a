package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.enrollment.Enrollments;
import org.iomtbridge.bridge.web.MessagePage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The patient's own consent page, behind the lasting link they got once connected: what they agreed to and its state,
 * a button to withdraw it, and — when Withings stopped accepting the connection or after a withdrawal — a way to
 * connect again through a new consent. Every change the patient makes here is in the audit trail.
 */
@Controller
class PatientConsentPages {

    private static final String CONSENT_LINK = "consent link";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final PatientLinks links;
    private final AccountStore accounts;
    private final ConsentRecords consents;
    private final Revocation revocation;
    private final Enrollments enrollments;
    private final ConsentProperties properties;
    private final AuditTrail audit;

    public PatientConsentPages(PatientLinks links, AccountStore accounts, ConsentRecords consents,
                               Revocation revocation, Enrollments enrollments, ConsentProperties properties,
                               AuditTrail audit) {
        this.audit = audit;
        this.links = links;
        this.accounts = accounts;
        this.consents = consents;
        this.revocation = revocation;
        this.enrollments = enrollments;
        this.properties = properties;
    }

    @GetMapping(path = "/consent/{token}", produces = MediaType.TEXT_HTML_VALUE)
    public ModelAndView show(@PathVariable String token) {
        Optional<PatientLinks.Link> link = links.find(token);
        Optional<AccountStore.Account> account = live(link).flatMap(accounts::find);
        if (account.isEmpty()) {
            return refused(link);
        }
        List<ConsentRecords.History> history = consents.of(account.get().withingsUserId());
        Map<String, Object> page = new HashMap<>(Map.of("status", account.get().status(),
                "recipient", properties.consent().recipient(), "consentText", properties.consent().text(),
                "dataStatement", dataStatement(), "action", "/consent/" + token));
        if (!history.isEmpty()) {
            page.put("connectedSince", DAY.format(history.get(0).grantedAt()));
        }
        return new ModelAndView("patient/own-consent", page, HttpStatus.OK);
    }

    @PostMapping(path = "/consent/{token}", produces = MediaType.TEXT_HTML_VALUE)
    public ModelAndView act(@PathVariable String token, @RequestParam(defaultValue = "") String action) {
        Optional<PatientLinks.Link> link = links.find(token);
        Optional<AccountStore.Account> account = live(link).flatMap(accounts::find);
        if (account.isEmpty()) {
            return refused(link);
        }
        return switch (action) {
            case "withdraw" -> withdraw(account.get());
            case "reconnect" -> reconnect(account.get());
            default -> MessagePage.of(HttpStatus.BAD_REQUEST, "Nothing was changed",
                    "Use the buttons on your consent page.");
        };
    }

    private ModelAndView withdraw(AccountStore.Account account) {
        if (!revocation.revoke(account.withingsUserId(), "withdrawn by the patient")) {
            return MessagePage.of(HttpStatus.CONFLICT, "Your consent is already withdrawn",
                    "Nothing is shared from your Withings account. " + dataStatement());
        }
        audit.record(entry("consent.withdrawn", AuditEntry.Outcome.SUCCESS, account)
                .detail("withdrawn by the patient through their consent link"));
        return MessagePage.of(HttpStatus.OK, "Your consent is withdrawn",
                "Nothing more is shared from your Withings account. " + dataStatement());
    }

    /** Only a connection that ended can be made again; an active one would only mint links to a second consent. */
    private ModelAndView reconnect(AccountStore.Account account) {
        if (account.status() == AccountStatus.ACTIVE) {
            audit.record(entry("consent.reconnect.refused", AuditEntry.Outcome.REFUSED, account)
                    .detail("the connection is active"));
            return MessagePage.of(HttpStatus.CONFLICT, "Nothing to reconnect",
                    "Your connection is active; there is nothing to reconnect. Your Withings measurements reach "
                            + properties.consent().recipient() + ".");
        }
        Enrollments.Created enrollment = enrollments.create(account.patientReference());
        audit.record(entry("consent.reconnect.started", AuditEntry.Outcome.SUCCESS, account)
                .detail("a new enrollment link, as the connection was " + account.status()));
        return new ModelAndView("redirect:" + enrollment.link());
    }

    private static AuditEntry entry(String action, AuditEntry.Outcome outcome, AccountStore.Account account) {
        return AuditEntry.of(action, outcome).by(AuditEntry.ActorType.PATIENT, CONSENT_LINK)
                .withingsUser(account.withingsUserId()).patient(account.patientReference());
    }

    private static Optional<String> live(Optional<PatientLinks.Link> link) {
        return link.filter(found -> !found.replaced()).map(PatientLinks.Link::withingsUserId);
    }

    /** An unknown link is 404; a replaced one is 410 and recorded, since someone still holds it. */
    private ModelAndView refused(Optional<PatientLinks.Link> link) {
        if (link.isEmpty() || !link.get().replaced()) {
            return MessagePage.of(HttpStatus.NOT_FOUND, "This link does not work",
                    "Check that you copied all of it, or ask your care team.");
        }
        audit.record(AuditEntry.of("consent.link.refused", AuditEntry.Outcome.REFUSED)
                .by(AuditEntry.ActorType.PATIENT, CONSENT_LINK).withingsUser(link.get().withingsUserId())
                .detail("a replaced consent link was used"));
        return MessagePage.of(HttpStatus.GONE, "This link was replaced",
                "Your care team gave you a new link to your consent; use that one. If you did not get it, ask them.");
    }

    private String dataStatement() {
        String recipient = properties.consent().recipient();
        return properties.revocation().eraseData()
                ? "The measurements already shared are being erased from " + recipient + "'s records."
                : "The measurements already shared stay in " + recipient + "'s records, as part of your care.";
    }
}
