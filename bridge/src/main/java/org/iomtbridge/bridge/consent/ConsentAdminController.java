package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/consents/{withingsUserId}}: a patient's consent with its evidence and history ({@code GET}), and its
 * revocation on the patient's or the care team's behalf ({@code DELETE}).
 */
@RestController
public class ConsentAdminController {

    private final Revocation revocation;
    private final AccountStore accounts;
    private final ConsentRecords consents;
    private final TokenStore tokens;

    public ConsentAdminController(Revocation revocation, AccountStore accounts, ConsentRecords consents,
                                  TokenStore tokens) {
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
        }).orElseGet(() -> ResponseEntity.status(404).body(Map.of("error",
                "Withings user " + withingsUserId + " never consented here")));
    }

    @DeleteMapping("/api/v1/consents/{withingsUserId}")
    public ResponseEntity<Map<String, Object>> revoke(@PathVariable String withingsUserId) {
        if (!isUserId(withingsUserId)) {
            return notAUserId();
        }
        return revocation.revoke(withingsUserId, "revoked through the admin API")
                ? ResponseEntity.ok(Map.of("withingsUserId", withingsUserId, "status", "REVOKED"))
                : ResponseEntity.status(404).body(Map.of("error", "no active consent of Withings user " + withingsUserId));
    }

    private static boolean isUserId(String text) {
        return text.matches("\\d{1,20}");
    }

    private static ResponseEntity<Map<String, Object>> notAUserId() {
        return ResponseEntity.badRequest().body(Map.of("error", "a Withings user id is digits"));
    }
}
