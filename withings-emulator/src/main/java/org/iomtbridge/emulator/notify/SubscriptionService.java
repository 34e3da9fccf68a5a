package org.iomtbridge.emulator.notify;

import org.iomtbridge.emulator.EmulatorProperties;
import org.iomtbridge.emulator.api.WithingsError;
import org.iomtbridge.emulator.state.Table;
import org.iomtbridge.emulator.state.WorldFile;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Notify subscribe, get, list, revoke and update. Subscribing sends HEAD to the callback URL first and fails with
 * status 293 unless it answers 2xx, as Withings does.
 */
@Service
public class SubscriptionService {

    static final String BAD_CALLBACK = "The callback URL is either absent or incorrect";
    static final String NOT_FOUND = "No such subscription was found";
    static final String NOT_DELETED = "No such subscription could be deleted";
    private static final List<Integer> APPLIS = List.of(1, 2, 4, 16, 44, 46, 50, 51, 52, 53, 54, 55, 58);

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Table<Subscription> stored;
    private final HttpClient http;
    private final Duration timeout;

    public SubscriptionService(EmulatorProperties properties, WorldFile file) {
        this.timeout = properties.notificationTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.stored = file.table("subscriptions", Subscription.class);
        subscriptions.addAll(stored.loaded().values());
    }

    public void subscribe(long userid, int appli, String callbackUrl, String comment) {
        requireAppli(appli);
        URI callback = callback(callbackUrl);
        if (find(userid, appli, callbackUrl).isPresent()) {
            return;
        }
        probe(callback);
        add(new Subscription(userid, appli, callbackUrl, comment == null ? "" : comment));
    }

    /** Withings' status 286 when there is none (a status of the "invalid params" family). */
    public Subscription get(long userid, int appli, String callbackUrl) {
        return find(userid, appli, callbackUrl).orElseThrow(() -> new WithingsError(286, NOT_FOUND));
    }

    public List<Subscription> list(long userid, Optional<Integer> appli) {
        return subscriptions.stream().filter(subscription -> subscription.userid() == userid)
                .filter(subscription -> appli.map(value -> subscription.appli() == value).orElse(true)).toList();
    }

    /** Withings' status 294 when there is none to revoke (a status of the "invalid params" family). */
    public void revoke(long userid, int appli, String callbackUrl) {
        remove(find(userid, appli, callbackUrl).orElseThrow(() -> new WithingsError(294, NOT_DELETED)));
    }

    public void update(long userid, int appli, String callbackUrl, Optional<String> newCallbackUrl,
                       Optional<Integer> newAppli, Optional<String> comment) {
        Subscription existing = get(userid, appli, callbackUrl);
        newAppli.ifPresent(this::requireAppli);
        String url = newCallbackUrl.orElse(existing.callbackUrl());
        if (newCallbackUrl.isPresent()) {
            probe(callback(url));
        }
        remove(existing);
        add(new Subscription(userid, newAppli.orElse(appli), url, comment.orElse(existing.comment())));
    }

    /** Subscriptions that a change of this user and category is sent to. */
    public List<Subscription> matching(long userid, int appli) {
        return subscriptions.stream().filter(s -> s.userid() == userid && s.appli() == appli).toList();
    }

    private Optional<Subscription> find(long userid, int appli, String callbackUrl) {
        return subscriptions.stream().filter(subscription -> subscription.userid() == userid
                && subscription.appli() == appli && subscription.callbackUrl().equals(callbackUrl)).findFirst();
    }

    public synchronized void revokeAll(long userid) {
        subscriptions.stream().filter(subscription -> subscription.userid() == userid).toList().forEach(this::remove);
    }

    private synchronized void add(Subscription subscription) {
        if (find(subscription.userid(), subscription.appli(), subscription.callbackUrl()).isPresent()) {
            return;
        }
        subscriptions.add(subscription);
        stored.put(key(subscription), subscription);
    }

    private synchronized void remove(Subscription subscription) {
        if (subscriptions.remove(subscription)) {
            stored.remove(key(subscription));
        }
    }

    private static String key(Subscription subscription) {
        return subscription.userid() + " " + subscription.appli() + " " + subscription.callbackUrl();
    }

    private void requireAppli(int appli) {
        if (!APPLIS.contains(appli)) {
            throw WithingsError.invalidParams("unknown appli " + appli);
        }
    }

    private static URI callback(String url) {
        if (url == null || url.isBlank() || url.length() > 255) {
            throw new WithingsError(293, BAD_CALLBACK);
        }
        try {
            URI uri = URI.create(url.trim());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new WithingsError(293, BAD_CALLBACK);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new WithingsError(293, BAD_CALLBACK);
        }
    }

    private void probe(URI callback) {
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(callback).timeout(timeout)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() / 100 != 2) {
                throw new WithingsError(293, BAD_CALLBACK);
            }
        } catch (IOException e) {
            throw new WithingsError(293, BAD_CALLBACK);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WithingsError(293, BAD_CALLBACK);
        }
    }
}
