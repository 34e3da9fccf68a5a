package org.iomtbridge.bridge.alerts;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.bridge.fhirwrite.FhirWrites;
import org.iomtbridge.bridge.fhirwrite.WaitForFhir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The Flag writes that follow an acknowledgement or a deleted reading, durable: scheduled in the transaction that
 * changes the alert, one task per version of the alert, each writing the alert's state at the time it runs.
 * (Raised and moved alerts are written beside their Observations by the sync.)
 */
@Configuration
class AlertTasks {

    static final TaskDescriptor<Long> WRITE_FLAG = TaskDescriptor.of("write-alert-flag", Long.class);

    private final SchedulerClient scheduler;
    private final Clock clock;

    AlertTasks(@Lazy SchedulerClient scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Bean
    FhirWrites alertFlagsWritten() {
        return new FhirWrites("out-of-range alerts", Set.of("Flag"), Set.of());
    }

    @Bean
    OneTimeTask<Long> writeAlertFlag(AlertStore store, FhirWriter writer) {
        return Tasks.oneTime(WRITE_FLAG)
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(5)))
                .execute((instance, context) -> store.find(instance.getData())
                        .ifPresent(alert -> writer.writeRecords(List.of(AlertFlags.flag(alert)))));
    }

    /** Call inside the transaction that changed the alert. */
    void writeFlag(Alert alert) {
        scheduler.scheduleIfNotExists(WRITE_FLAG.instance(alert.flagId() + "/v" + alert.version()).data(alert.id())
                .scheduledTo(clock.instant()));
    }
}
