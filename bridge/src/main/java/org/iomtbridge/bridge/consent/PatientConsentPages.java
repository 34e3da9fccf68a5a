package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.BridgeProperties;
import org.iomtbridge.bridge.HtmlPage;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.enrollment.Enrollments;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The patient's own consent page, behind the lasting link they got once connected: what they agreed to and its state,
 * a button to withdraw it, and — when Withings stopped accepting the connection or after a withdrawal — a way to
 * connect again through a new consent.
 */
@RestController
public class PatientConsentPages {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final PatientLinks links;
    private final AccountStore accounts;
    private final ConsentRecords consents;
    private final Revocation revocation;
    private final Enrollments enrollments;
    private final BridgeProperties properties;

    public PatientConsentPages(PatientLinks links, AccountStore accounts, ConsentRecords consents,
                               Revocation revocation, Enrollments enrollments, BridgeProperties properties) {
        this.links = links;
        this.accounts = accounts;
        this.consents = consents;
        this.revocation = revocation;
        this.enrollments = enrollments;
        this.properties = properties;
    }

    @GetMapping(path = "/consent/{token}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> show(@PathVariable String token) {
        Optional<AccountStore.Account> account = links.user(token).flatMap(accounts::find);
        if (account.isEmpty()) {
            return unknownLink();
        }
        String action = "/consent/" + HtmlPage.escape(token);
        List<ConsentRecords.History> history = consents.of(account.get().withingsUserId());
        String since = history.isEmpty() ? "" : " since " + DAY.format(history.get(0).grantedAt());
        String withdraw = "<form method=\"post\" action=\"" + action + "\"><button type=\"submit\" name=\"action\""
                + " value=\"withdraw\" id=\"withdraw\">Withdraw my consent</button></form>";
        String reconnect = "<form method=\"post\" action=\"" + action + "\"><button type=\"submit\" name=\"action\""
                + " value=\"reconnect\" id=\"reconnect\">Connect again</button></form>";
        String recipient = HtmlPage.escape(properties.consent().recipient());
        return switch (account.get().status()) {
            case ACTIVE -> HtmlPage.of(HttpStatus.OK, "Your consent",
                    "<p id=\"status\">Connected" + since + ": your Withings measurements reach " + recipient + ".</p>"
                            + "<pre id=\"consent-text\">" + HtmlPage.escape(properties.consent().text()) + "</pre>"
                            + withdraw);
            case REAUTHORIZATION_NEEDED -> HtmlPage.of(HttpStatus.OK, "Your consent",
                    "<p id=\"status\">Re-authorization needed: Withings no longer accepts this connection, so nothing"
                            + " new reaches " + recipient + ". Connect again to go on sharing.</p>" + reconnect + withdraw);
            case REVOKED -> HtmlPage.of(HttpStatus.OK, "Your consent",
                    "<p id=\"status\">Withdrawn: nothing more is shared. " + dataStatement() + "</p>" + reconnect);
        };
    }

    @PostMapping(path = "/consent/{token}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> act(@PathVariable String token, @RequestParam(defaultValue = "") String action) {
        Optional<AccountStore.Account> account = links.user(token).flatMap(accounts::find);
        if (account.isEmpty()) {
            return unknownLink();
        }
        return switch (action) {
            case "withdraw" -> {
                revocation.revoke(account.get().withingsUserId(), "withdrawn by the patient");
                yield HtmlPage.of(HttpStatus.OK, "Your consent is withdrawn",
                        "Nothing more is shared from your Withings account. " + dataStatement());
            }
            case "reconnect" -> {
                Enrollments.Created enrollment = enrollments.create(account.get().patientReference());
                yield ResponseEntity.status(HttpStatus.FOUND).location(URI.create(enrollment.link())).build();
            }
            default -> HtmlPage.of(HttpStatus.BAD_REQUEST, "Nothing was changed",
                    "Use the buttons on your consent page.");
        };
    }

    private String dataStatement() {
        return properties.revocation().eraseData()
                ? "The measurements already shared are being erased from " + HtmlPage.escape(properties.consent().recipient())
                + "'s records."
                : "The measurements already shared stay in " + HtmlPage.escape(properties.consent().recipient())
                + "'s records, as part of your care.";
    }

    private static ResponseEntity<String> unknownLink() {
        return HtmlPage.of(HttpStatus.NOT_FOUND, "This link does not work",
                "Check that you copied all of it, or ask your care team.");
    }
}
