package org.iomtbridge.bridge.webhook;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.withings.AccessTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhook's durable work: what keeps notifications coming. */
@Configuration
class WebhookTasks {

    /** Subscriptions Withings dropped, made again, every subscription check interval. */
    @Bean
    RecurringTask<Void> checkSubscriptions(Subscriptions subscriptions, AccessTokens accessTokens, AccountStore accounts,
                                           WebhookProperties properties) {
        return Tasks.recurring("check-subscriptions", FixedDelay.of(properties.subscriptionCheckInterval()))
                .execute((instance, context) -> accounts.eachActiveUser("The subscription check", user ->
                        subscriptions.ensure(user, accessTokens.valid(user), accounts.find(user).orElseThrow().scopes())));
    }
}
