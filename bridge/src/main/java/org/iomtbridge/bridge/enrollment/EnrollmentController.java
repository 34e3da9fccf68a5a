package org.iomtbridge.bridge.enrollment;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/enrollments}: a single-use, expiring consent link for a FHIR Patient, which must exist on the
 * FHIR server: every resource the bridge writes refers to it.
 */
@RestController
public class EnrollmentController {

    private static final Pattern PATIENT = Pattern.compile("Patient/[A-Za-z0-9\\-.]{1,64}");

    /** The request: which patient the link is for. */
    public record EnrollmentRequest(String patient) {
    }

    private final Enrollments enrollments;
    private final IGenericClient fhir;

    public EnrollmentController(Enrollments enrollments, IGenericClient fhirClient) {
        this.enrollments = enrollments;
        this.fhir = fhirClient;
    }

    @PostMapping("/api/v1/enrollments")
    public ResponseEntity<Map<String, Object>> create(@RequestBody EnrollmentRequest request) {
        if (request == null || request.patient() == null || !PATIENT.matcher(request.patient()).matches()) {
            return ResponseEntity.badRequest().body(Map.of("error",
                    "patient must be a FHIR reference like Patient/123"));
        }
        try {
            fhir.read().resource(Patient.class).withId(request.patient()).execute();
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return ResponseEntity.unprocessableEntity().body(Map.of("error", "the FHIR server has no " + request.patient()
                    + ": create the Patient first, then enroll them"));
        } catch (FhirClientConnectionException e) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error",
                    "the FHIR server did not answer, so " + request.patient() + " could not be checked; try again"));
        }
        Enrollments.Created created = enrollments.create(request.patient());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", created.id(), "patient", request.patient(),
                "link", created.link(), "expiresAt", created.expiresAt().toString()));
    }
}
