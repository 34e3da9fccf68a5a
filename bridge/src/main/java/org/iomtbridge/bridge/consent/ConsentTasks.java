package org.iomtbridge.bridge.consent;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.bridge.fhirwrite.FhirWrites;
import org.iomtbridge.bridge.fhirwrite.WaitForFhir;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Set;

/**
 * What follows a change of consent in FHIR, as durable tasks: scheduled in the same transaction as the change, kept
 * across restarts, retried while the FHIR server is away or busy.
 */
@Configuration
class ConsentTasks {

    /** The FHIR Consent write of one state of a user's consent; the data is the Withings user id. */
    static final TaskDescriptor<String> WRITE_FHIR_CONSENT = TaskDescriptor.of("write-fhir-consent", String.class);
    /** The erasure of one user's data (the instance id is the user id) for a patient (the data). */
    static final TaskDescriptor<String> ERASE_USER_DATA = TaskDescriptor.of("erase-user-data", String.class);

    @Bean
    FhirWrites consentsWritten() {
        return new FhirWrites("the FHIR Consent of each patient", Set.of("Consent", "Provenance"), Set.of());
    }

    @Bean
    @ConditionalOnProperty(name = "iomt.enrollment.self-service", havingValue = "true")
    FhirWrites selfEnrolledPatientsWritten() {
        return new FhirWrites("self-enrollment (iomt.enrollment.self-service)", Set.of("Patient"), Set.of());
    }

    @Bean
    @ConditionalOnProperty(name = "iomt.revocation.erase-data", havingValue = "true")
    FhirWrites erasuresDeleted() {
        return new FhirWrites("the erasure of a revoked patient's data (iomt.revocation.erase-data)", Set.of(),
                Set.of("Observation", "Flag", "Provenance"));
    }

    /** Writes the user's FHIR Consent as the latest consent record says. */
    @Bean
    OneTimeTask<String> writeFhirConsent(FhirConsents fhirConsents, FhirWriter writer) {
        return Tasks.oneTime(WRITE_FHIR_CONSENT)
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(2)))
                .execute((instance, context) -> fhirConsents.write(instance.getData()));
    }

    /**
     * Erases what the bridge wrote of the user (the instance id) for the patient (the data), once its grace period
     * is over ({@link Erasures}). A user who connected again while it was already starting keeps their data.
     */
    @Bean
    OneTimeTask<String> eraseUserData(DataErasure erasure, FhirWriter writer, AccountStore accounts, AuditTrail audit) {
        return Tasks.oneTime(ERASE_USER_DATA)
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(10)))
                .execute((instance, context) -> {
                    String user = instance.getId();
                    AuditEntry entry;
                    if (accounts.find(user).map(account -> account.status() == AccountStatus.ACTIVE).orElse(false)) {
                        entry = AuditEntry.of("erasure.cancelled", AuditEntry.Outcome.SUCCESS)
                                .detail("the user connected again before the erasure ran");
                    } else {
                        int deleted = erasure.erase(user, instance.getData());
                        entry = AuditEntry.of("erasure.done", AuditEntry.Outcome.SUCCESS)
                                .detail(deleted + " resources deleted from FHIR");
                    }
                    audit.record(entry.by(AuditEntry.ActorType.SYSTEM, "erasure").withingsUser(user)
                            .patient(instance.getData()));
                });
    }
}
