package org.iomtbridge.bridge.enrollment;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.web.FhirIds;
import org.iomtbridge.bridge.withings.ActiveUserCap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.util.Optional;

/**
 * Invites a FHIR Patient to connect their Withings devices: a single-use, expiring consent link. The Patient must exist
 * on the FHIR server, since every resource the bridge writes refers to it. No link is made while the Withings plan
 * has no place for another active user ({@link ActiveUserCap}; the consent checks again, under a lock).
 */
@Service
public class Invitations {

    /** What an invitation came to. */
    public sealed interface Outcome {
    }

    /** The link to give the patient. */
    public record Invited(String patient, Enrollments.Created link) implements Outcome {
    }

    /** No link, and why, with the HTTP status that says so. */
    public record Refused(HttpStatus status, String reason) implements Outcome {
    }

    private final Enrollments enrollments;
    private final IGenericClient fhir;
    private final ActiveUserCap cap;
    private final AuditTrail audit;

    public Invitations(Enrollments enrollments, IGenericClient fhirClient, ActiveUserCap cap, AuditTrail audit) {
        this.enrollments = enrollments;
        this.fhir = fhirClient;
        this.cap = cap;
        this.audit = audit;
    }

    /** @param patient a FHIR reference such as {@code Patient/123}; a bare id is taken as one */
    public Outcome invite(String patient) {
        Optional<String> given = FhirIds.patientReference(patient);
        if (given.isEmpty()) {
            return new Refused(HttpStatus.BAD_REQUEST, "patient must be a FHIR reference like Patient/123");
        }
        String reference = given.get();
        ActiveUserCap.Usage usage = cap.usage();
        if (usage.full()) {
            audit.record(AuditEntry.of("enrollment.refused", AuditEntry.Outcome.REFUSED)
                    .by(AuditEntry.ActorType.SYSTEM, "active-user cap").patient(reference).detail(usage.refusal()));
            return new Refused(HttpStatus.CONFLICT, usage.refusal());
        }
        try {
            fhir.read().resource(Patient.class).withId(reference).execute();
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return new Refused(HttpStatus.UNPROCESSABLE_ENTITY, "the FHIR server has no " + reference
                    + ": create the Patient first, then enroll them");
        } catch (FhirClientConnectionException e) {
            return new Refused(HttpStatus.SERVICE_UNAVAILABLE, "the FHIR server did not answer, so " + reference
                    + " could not be checked; try again");
        }
        return new Invited(reference, enrollments.create(reference));
    }
}
