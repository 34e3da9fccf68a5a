package org.iomtbridge.bridge.consent;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * Erasure as a durable task, one per Withings user: it survives a restart of the bridge and is retried while the FHIR
 * server is away. Its data is the patient reference.
 */
@Configuration
public class ErasureTask {

    @Bean
    OneTimeTask<String> eraseUserData(DataErasure erasure) {
        return Tasks.oneTime("erase-user-data", String.class)
                .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(10), 2.0))
                .execute((instance, context) -> erasure.erase(instance.getId(), instance.getData()));
    }
}
