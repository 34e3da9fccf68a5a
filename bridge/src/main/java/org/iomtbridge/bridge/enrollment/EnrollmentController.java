package org.iomtbridge.bridge.enrollment;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.regex.Pattern;

/** {@code POST /api/v1/enrollments}: a single-use, expiring consent link for a FHIR Patient. */
@RestController
public class EnrollmentController {

    private static final Pattern PATIENT = Pattern.compile("Patient/[A-Za-z0-9\\-.]{1,64}");

    /** The request: which patient the link is for. */
    public record EnrollmentRequest(String patient) {
    }

    private final Enrollments enrollments;

    public EnrollmentController(Enrollments enrollments) {
        this.enrollments = enrollments;
    }

    @PostMapping("/api/v1/enrollments")
    public ResponseEntity<Map<String, Object>> create(@RequestBody EnrollmentRequest request) {
        if (request == null || request.patient() == null || !PATIENT.matcher(request.patient()).matches()) {
            return ResponseEntity.badRequest().body(Map.of("error",
                    "patient must be a FHIR reference like Patient/123"));
        }
        Enrollments.Created created = enrollments.create(request.patient());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", created.id(), "patient", request.patient(),
                "link", created.link(), "expiresAt", created.expiresAt().toString()));
    }
}
