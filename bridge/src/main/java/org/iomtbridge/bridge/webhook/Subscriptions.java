package org.iomtbridge.bridge.webhook;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import org.iomtbridge.bridge.web.WebProperties;
import org.iomtbridge.bridge.withings.DataKind;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.WithingsException;
import org.iomtbridge.withings.model.NotificationCategory;
import org.iomtbridge.withings.model.NotificationSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The bridge's notification subscriptions at Withings: one per category that tells of data the bridge fetches, and
 * the user actions (an unlink), as far as the user's granted scopes allow, all to the bridge's webhook. Withings drops
 * subscriptions it could not deliver to for long, so they are checked with notify {@code list} and the missing ones
 * made again. Notifications tell only of what changed after a subscription was made: whenever one is made, the
 * inbox is told, so that a sync after it fetches what changed in between.
 */
@Service
public class Subscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    private static final Set<NotificationCategory> WANTED = wanted();

    /** What a check found and did. */
    public record Check(Set<NotificationCategory> present, Set<NotificationCategory> made,
                        Set<NotificationCategory> failed) {
    }

    private final WithingsClients withings;
    private final WebhookSecret webhook;
    private final WebProperties web;
    private final NotificationInbox inbox;
    private final SchedulerClient scheduler;
    private final Clock clock;

    public Subscriptions(WithingsClients withings, WebhookSecret webhook, WebProperties web, NotificationInbox inbox,
                         @Lazy SchedulerClient scheduler, Clock clock) {
        this.withings = withings;
        this.webhook = webhook;
        this.web = web;
        this.inbox = inbox;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Subscribes a user who just consented, soon and durably ({@link WebhookTasks#subscribeUser}). Call it inside the
     * consent's transaction: the task is there if and only if the consent is.
     */
    public void subscribeSoon(String withingsUserId) {
        scheduler.scheduleIfNotExists(WebhookTasks.SUBSCRIBE_USER.instance(withingsUserId).scheduledTo(clock.instant()));
    }

    /**
     * Makes the subscriptions the scopes allow that Withings does not list; one that fails is reported and left to
     * the next check. The categories it made are reported to the inbox, for the changes made before them.
     *
     * @param scopes the granted scopes
     */
    public Check ensure(String withingsUserId, AccessToken token, Set<Scope> scopes) {
        Check check = subscribe(withingsUserId, token, scopes);
        reportWithData(withingsUserId, check.made());
        return check;
    }

    /**
     * A new user's subscriptions, tried until every category is there; then every category is reported to the inbox,
     * the ones earlier tries made included. A try can make a category and still fail — a later category's call fails,
     * or Withings makes it and its answer is lost — and the next try finds it listed: reporting only what a try made
     * would leave a measure taken since the consent for the periodic reconciliation.
     */
    public Check subscribeNewUser(String withingsUserId, AccessToken token, Set<Scope> scopes) {
        Check check = subscribe(withingsUserId, token, scopes);
        if (check.failed().isEmpty()) {
            Set<NotificationCategory> all = EnumSet.noneOf(NotificationCategory.class);
            all.addAll(check.present());
            all.addAll(check.made());
            reportWithData(withingsUserId, all);
        }
        return check;
    }

    private Check subscribe(String withingsUserId, AccessToken token, Set<Scope> scopes) {
        URI callback = callback();
        Set<NotificationCategory> present = EnumSet.noneOf(NotificationCategory.class);
        for (NotificationSubscription subscription : withings.client().subscriptions(token, Optional.empty())) {
            if (subscription.callbackUrl().equals(callback)) {
                subscription.knownCategory().ifPresent(present::add);
            }
        }
        Set<NotificationCategory> made = EnumSet.noneOf(NotificationCategory.class);
        Set<NotificationCategory> failed = EnumSet.noneOf(NotificationCategory.class);
        for (NotificationCategory category : WANTED) {
            if (present.contains(category) || !scopes.contains(category.scope())) {
                continue;
            }
            try {
                withings.client().subscribe(token, callback, category, "iomt-bridge");
                made.add(category);
            } catch (WithingsException e) {
                failed.add(category);
                LOG.warn("Subscribing Withings user {} to {} (appli {}) failed; the next check retries: {}",
                        withingsUserId, category, category.appli(), e.getMessage());
            }
        }
        if (!made.isEmpty()) {
            LOG.info("Withings user {}: subscribed to {}", withingsUserId, made);
        }
        return new Check(present, made, failed);
    }

    private void reportWithData(String withingsUserId, Set<NotificationCategory> categories) {
        Set<NotificationCategory> withData = EnumSet.noneOf(NotificationCategory.class);
        withData.addAll(categories);
        withData.retainAll(DataKind.categoriesWithData());
        if (!withData.isEmpty()) {
            inbox.subscribed(withingsUserId, withData);
        }
    }

    /**
     * Revokes the bridge's subscriptions of the user, while the token still works: each one the scopes allowed. One
     * Withings no longer has (it drops those it could not deliver to for long) is done already.
     *
     * @param scopes the granted scopes
     */
    public void revokeAll(String withingsUserId, AccessToken token, Set<Scope> scopes) {
        URI callback = callback();
        Set<NotificationCategory> gone = EnumSet.noneOf(NotificationCategory.class);
        try {
            for (NotificationCategory category : WANTED) {
                if (scopes.contains(category.scope()) && !withings.client().revokeSubscription(token, callback, category)) {
                    gone.add(category);
                }
            }
        } catch (WithingsException e) {
            // After an unlink Withings has already dropped the subscriptions and the token: nothing left to revoke.
            LOG.info("Subscriptions of Withings user {} not revoked at Withings: {}", withingsUserId, e.getMessage());
        }
        if (!gone.isEmpty()) {
            LOG.info("Withings user {}: subscriptions to {} were gone already", withingsUserId, gone);
        }
    }

    private static Set<NotificationCategory> wanted() {
        Set<NotificationCategory> wanted = EnumSet.of(NotificationCategory.USER_ACTION);
        wanted.addAll(DataKind.categoriesWithData());
        return Collections.unmodifiableSet(wanted);
    }

    private URI callback() {
        return URI.create(webhook.callbackUrl(web.publicBaseUrl()));
    }
}
