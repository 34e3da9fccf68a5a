package org.iomtbridge.bridge.enrollment;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** {@code POST /api/v1/enrollments}: a single-use, expiring consent link for a FHIR Patient. */
@RestController
class EnrollmentController {

    /** The request: which patient the link is for. */
    public record EnrollmentRequest(String patient) {
    }

    private final Invitations invitations;

    public EnrollmentController(Invitations invitations) {
        this.invitations = invitations;
    }

    @PostMapping("/api/v1/enrollments")
    public ResponseEntity<Map<String, Object>> create(@RequestBody EnrollmentRequest request) {
        Invitations.Outcome outcome = invitations.invite(request == null ? null : request.patient());
        if (outcome instanceof Invitations.Refused refused) {
            return ResponseEntity.status(refused.status()).body(Map.of("error", refused.reason()));
        }
        Invitations.Invited invited = (Invitations.Invited) outcome;
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", invited.link().id(),
                "patient", invited.patient(), "link", invited.link().link(),
                "expiresAt", invited.link().expiresAt().toString()));
    }
}
