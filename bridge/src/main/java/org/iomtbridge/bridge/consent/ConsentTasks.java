package org.iomtbridge.bridge.consent;

import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.bridge.fhirwrite.WaitForFhir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * What follows a change of consent in FHIR, as durable tasks: scheduled in the same transaction as the change, kept
 * across restarts, retried while the FHIR server is away or busy.
 */
@Configuration
public class ConsentTasks {

    /** Writes the user's FHIR Consent as the latest consent record says; the instance id starts with the user id. */
    @Bean
    OneTimeTask<Void> writeFhirConsent(FhirConsents fhirConsents, FhirWriter writer) {
        return Tasks.oneTime("write-fhir-consent")
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(2)))
                .execute((instance, context) -> fhirConsents.write(ConsentFollowUps.userOf(instance.getId())));
    }

    /** Erases what the bridge wrote of the user (the instance id) for the patient (the data). */
    @Bean
    OneTimeTask<String> eraseUserData(DataErasure erasure, FhirWriter writer) {
        return Tasks.oneTime("erase-user-data", String.class)
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(10)))
                .execute((instance, context) -> erasure.erase(instance.getId(), instance.getData()));
    }
}
