package org.iomtbridge.bridge.consent;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/erasures}: the erasures of revoked users' data that wait out their grace period ({@code GET}), and
 * their cancellation by the care team ({@code DELETE /api/v1/erasures/{withingsUserId}}), which keeps the data.
 */
@RestController
class ErasureAdminController {

    private final Erasures erasures;

    public ErasureAdminController(Erasures erasures) {
        this.erasures = erasures;
    }

    @GetMapping("/api/v1/erasures")
    public List<Erasures.Pending> pending() {
        return erasures.pending();
    }

    @DeleteMapping("/api/v1/erasures/{withingsUserId}")
    public ResponseEntity<Map<String, Object>> cancel(@PathVariable String withingsUserId) {
        if (!withingsUserId.matches("\\d{1,20}")) {
            return ResponseEntity.badRequest().body(Map.of("error", "a Withings user id is digits"));
        }
        return erasures.cancel(withingsUserId, "cancelled through the admin API", Optional.empty())
                ? ResponseEntity.ok(Map.of("withingsUserId", withingsUserId, "status", "CANCELLED"))
                : ResponseEntity.status(404).body(Map.of("error", "no pending erasure of Withings user "
                + withingsUserId + ": none was scheduled, or it has already run or is running"));
    }
}
