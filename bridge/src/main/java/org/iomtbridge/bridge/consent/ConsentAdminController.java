package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/consents/{withingsUserId}}: a patient's consent with its evidence and history ({@code GET}), and its
 * revocation on the patient's or the care team's behalf ({@code DELETE}), and a new consent link for the patient in place
 * of the earlier ones ({@code POST …/link}).
 */
@RestController
class ConsentAdminController {

    private final Revocation revocation;
    private final AccountStore accounts;
    private final ConsentRecords consents;
    private final TokenStore tokens;
    private final PatientLinks links;
    private final AuditTrail audit;

    public ConsentAdminController(Revocation revocation, AccountStore accounts, ConsentRecords consents,
                                  TokenStore tokens, PatientLinks links, AuditTrail audit) {
        this.links = links;
        this.audit = audit;
        this.revocation = revocation;
        this.accounts = accounts;
        this.consents = consents;
        this.tokens = tokens;
    }

    @GetMapping("/api/v1/consents/{withingsUserId}")
    public ResponseEntity<Map<String, Object>> consent(@PathVariable String withingsUserId) {
        if (!isUserId(withingsUserId)) {
            return notAUserId();
        }
        return accounts.find(withingsUserId).<ResponseEntity<Map<String, Object>>>map(account -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("withingsUserId", withingsUserId);
            view.put("patient", account.patientReference());
            view.put("status", account.status().name());
            view.put("tokensHeld", tokens.held(withingsUserId));
            List<ConsentRecords.History> history = consents.of(withingsUserId);
            view.put("consents", history);
            return ResponseEntity.ok(view);
        }).orElseGet(() -> neverConsented(withingsUserId));
    }

    @DeleteMapping("/api/v1/consents/{withingsUserId}")
    public ResponseEntity<Map<String, Object>> revoke(@PathVariable String withingsUserId) {
        if (!isUserId(withingsUserId)) {
            return notAUserId();
        }
        return revocation.revoke(withingsUserId, "revoked through the admin API")
                ? ResponseEntity.ok(Map.of("withingsUserId", withingsUserId, "status", AccountStatus.REVOKED.name()))
                : ResponseEntity.status(404).body(Map.of("error", "no active consent of Withings user " + withingsUserId));
    }

    /**
     * A new consent link for the patient, answered once; every earlier link of theirs stops working. For when a link
     * was lost or seen by someone else.
     */
    @PostMapping("/api/v1/consents/{withingsUserId}/link")
    public ResponseEntity<Map<String, Object>> replaceLink(@PathVariable String withingsUserId) {
        if (!isUserId(withingsUserId)) {
            return notAUserId();
        }
        Optional<AccountStore.Account> account = accounts.find(withingsUserId);
        if (account.isEmpty()) {
            return neverConsented(withingsUserId);
        }
        PatientLinks.Replacement replacement = links.replace(withingsUserId);
        audit.record(AuditEntry.of("consent.link.replaced", AuditEntry.Outcome.SUCCESS).withingsUser(withingsUserId)
                .patient(account.get().patientReference())
                .detail(replacement.replaced() + " earlier consent links stopped working"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("withingsUserId", withingsUserId);
        answer.put("patient", account.get().patientReference());
        answer.put("link", replacement.link());
        answer.put("replaced", replacement.replaced());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    private static ResponseEntity<Map<String, Object>> neverConsented(String withingsUserId) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
                "Withings user " + withingsUserId + " never consented here"));
    }

    private static boolean isUserId(String text) {
        return text.matches("\\d{1,20}");
    }

    private static ResponseEntity<Map<String, Object>> notAUserId() {
        return ResponseEntity.badRequest().body(Map.of("error", "a Withings user id is digits"));
    }
}
