package org.iomtbridge.bridge.consent;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code DELETE /api/v1/consents/{withingsUserId}}: revokes a patient's consent on their or the care team's behalf. */
@RestController
public class ConsentAdminController {

    private final Revocation revocation;

    public ConsentAdminController(Revocation revocation) {
        this.revocation = revocation;
    }

    @DeleteMapping("/api/v1/consents/{withingsUserId}")
    public ResponseEntity<Map<String, Object>> revoke(@PathVariable String withingsUserId) {
        if (!withingsUserId.matches("\\d{1,20}")) {
            return ResponseEntity.badRequest().body(Map.of("error", "a Withings user id is digits"));
        }
        return revocation.revoke(withingsUserId, "revoked through the admin API")
                ? ResponseEntity.ok(Map.of("withingsUserId", withingsUserId, "status", "REVOKED"))
                : ResponseEntity.status(404).body(Map.of("error", "no active consent of Withings user " + withingsUserId));
    }
}
