package org.iomtbridge.bridge.consent;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * Schedules the FHIR Consent writes of {@link ConsentTasks} (erasures are {@link Erasures}'). Call it inside the transaction that changes the consent: the task is
 * there if and only if the change is.
 */
@Service
class ConsentFollowUps {

    private final SchedulerClient scheduler;
    private final ConsentRecords consents;
    private final Clock clock;

    public ConsentFollowUps(@Lazy SchedulerClient scheduler, ConsentRecords consents, Clock clock) {
        this.scheduler = scheduler;
        this.consents = consents;
        this.clock = clock;
    }

    /**
     * The FHIR Consent follows the latest consent record. One task per state of the record (its id and status), so
     * that a change made while an earlier write runs gets a write of its own.
     */
    public void writeFhirConsent(String withingsUserId) {
        String state = consents.of(withingsUserId).stream().findFirst()
                .map(latest -> latest.id() + "-" + latest.status()).orElse("none");
        scheduler.scheduleIfNotExists(ConsentTasks.WRITE_FHIR_CONSENT.instance(withingsUserId + "/" + state)
                .data(withingsUserId).scheduledTo(clock.instant()));
    }
}
