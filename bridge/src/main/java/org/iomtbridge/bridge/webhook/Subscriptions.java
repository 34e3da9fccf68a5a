package org.iomtbridge.bridge.webhook;

import org.iomtbridge.bridge.web.WebProperties;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.WithingsException;
import org.iomtbridge.withings.model.NotificationSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bridge's notification subscriptions at Withings: one per category (appli) the user's granted scopes allow, all
 * to the bridge's webhook. Withings drops subscriptions it could not deliver to for long, so they are checked with
 * notify {@code list} and the missing ones made again.
 */
@Service
public class Subscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    private static final Map<Scope, List<Integer>> APPLIS_OF_SCOPE = new LinkedHashMap<>();

    static {
        APPLIS_OF_SCOPE.put(Scope.USER_METRICS, List.of(1, 2, 4, 54));
        APPLIS_OF_SCOPE.put(Scope.USER_ACTIVITY, List.of(16, 44));
        APPLIS_OF_SCOPE.put(Scope.USER_INFO, List.of(46));
    }

    /** What a check found and did. */
    public record Check(Set<Integer> present, Set<Integer> made, Set<Integer> failed) {
    }

    private final WithingsClients withings;
    private final WebhookSecret webhook;
    private final WebProperties web;

    public Subscriptions(WithingsClients withings, WebhookSecret webhook, WebProperties web) {
        this.withings = withings;
        this.webhook = webhook;
        this.web = web;
    }

    /**
     * Makes the subscriptions the scopes allow that Withings does not list; one that fails is reported and left to
     * the next check.
     *
     * @param scopes the granted scopes, comma-separated as Withings gives them
     */
    public Check ensure(String withingsUserId, AccessToken token, String scopes) {
        URI callback = callback();
        Set<Integer> present = new TreeSet<>();
        for (NotificationSubscription subscription : withings.client().subscriptions(token, OptionalInt.empty())) {
            if (subscription.callbackUrl().equals(callback)) {
                present.add(subscription.appli());
            }
        }
        Set<Integer> made = new TreeSet<>();
        Set<Integer> failed = new TreeSet<>();
        for (int appli : allowed(scopes)) {
            if (present.contains(appli)) {
                continue;
            }
            try {
                withings.client().subscribe(token, callback, appli, "iomt-bridge");
                made.add(appli);
            } catch (WithingsException e) {
                failed.add(appli);
                LOG.warn("Subscribing Withings user {} to appli {} failed; the next check retries: {}", withingsUserId,
                        appli, e.getMessage());
            }
        }
        if (!made.isEmpty()) {
            LOG.info("Withings user {}: subscribed to appli {}", withingsUserId, made);
        }
        return new Check(present, made, failed);
    }

    /** Revokes the bridge's subscriptions of the user, while the token still works. */
    public void revokeAll(String withingsUserId, AccessToken token) {
        URI callback = callback();
        try {
            for (NotificationSubscription subscription : withings.client().subscriptions(token, OptionalInt.empty())) {
                if (subscription.callbackUrl().equals(callback)) {
                    withings.client().revokeSubscription(token, callback, subscription.appli());
                }
            }
        } catch (WithingsException e) {
            // After an unlink Withings has already dropped the subscriptions and the token: nothing left to revoke.
            LOG.info("Subscriptions of Withings user {} not revoked at Withings: {}", withingsUserId, e.getMessage());
        }
    }

    private URI callback() {
        return URI.create(webhook.callbackUrl(web.publicBaseUrl()));
    }

    private static List<Integer> allowed(String scopes) {
        List<String> granted = List.of(scopes.split(","));
        List<Integer> applis = new ArrayList<>();
        APPLIS_OF_SCOPE.forEach((scope, list) -> {
            if (granted.contains(scope.value())) {
                applis.addAll(list);
            }
        });
        return applis;
    }
}
