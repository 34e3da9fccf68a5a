package org.iomtbridge.bridge.webhook;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.withings.AccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The webhook's durable work: what keeps notifications coming. */
@Configuration
class WebhookTasks {

    /** The subscriptions of a user who just consented; the instance id is the Withings user id. */
    static final TaskDescriptor<Void> SUBSCRIBE_USER = TaskDescriptor.of("subscribe-user");
    /** Tries of a new user's subscriptions before the periodic check is left to make what is missing. */
    private static final int SUBSCRIBE_TRIES = 8;

    /**
     * Subscribes a user who consented, after the consent's transaction and beside their backfill, so that neither the
     * patient's page nor the first data waits for Withings' probes of the webhook. Durable: a bridge that stops first
     * subscribes when it (or another instance) runs again. A category that failed is tried again with a growing pause;
     * a revoked consent needs no subscriptions.
     */
    @Bean
    OneTimeTask<Void> subscribeUser(Subscriptions subscriptions, AccessTokens accessTokens, AccountStore accounts) {
        return Tasks.oneTime(SUBSCRIBE_USER)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(SUBSCRIBE_TRIES,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2.0)))
                .execute((instance, context) -> {
                    String user = instance.getId();
                    accounts.find(user).filter(account -> account.status() == AccountStatus.ACTIVE).ifPresent(account -> {
                        Subscriptions.Check check = subscriptions.subscribeNewUser(user, accessTokens.valid(user),
                                account.scopes());
                        if (!check.failed().isEmpty()) {
                            throw new IllegalStateException("Withings user " + user + " is not subscribed to "
                                    + check.failed() + " yet");
                        }
                    });
                });
    }

    /** Subscriptions Withings dropped, made again, every subscription check interval. */
    @Bean
    RecurringTask<Void> checkSubscriptions(Subscriptions subscriptions, AccessTokens accessTokens, AccountStore accounts,
                                           WebhookProperties properties) {
        return Tasks.recurring("check-subscriptions", FixedDelay.of(properties.subscriptionCheckInterval()))
                .execute((instance, context) -> accounts.eachActiveUser("The subscription check", user ->
                        subscriptions.ensure(user, accessTokens.valid(user), accounts.find(user).orElseThrow().scopes())));
    }
}
