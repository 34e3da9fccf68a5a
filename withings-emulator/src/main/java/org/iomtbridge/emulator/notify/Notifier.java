package org.iomtbridge.emulator.notify;

import org.iomtbridge.emulator.EmulatorProperties;
import org.iomtbridge.emulator.state.Table;
import org.iomtbridge.emulator.state.WorldFile;
import org.iomtbridge.emulator.traffic.TrafficStats;
import org.iomtbridge.emulator.world.DataChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Sends Withings' notifications: a form-encoded POST of {@code userid, appli, startdate, enddate} (or {@code date}
 * for activity, {@code action} for user actions) to each matching subscription. A delivery that does not answer
 * below 400 within the timeout is retried on Withings' schedule — immediately, after 10 s, 1 min + 1–10 min,
 * 1 h + 2–20 min and 4 h + 3–30 min, twice over, 10 attempts — divided by {@code emulator.time-scale}. The attempts
 * made and the deliveries still due are kept in the world file: a restarted emulator makes those it had not made.
 */
@Component
public class Notifier {

    public static final int ATTEMPTS = 10;

    /** One attempt to deliver a notification, for {@code GET /_emulator/notifications}. */
    public record Attempt(long userid, int appli, String callbackUrl, int attempt, boolean delivered, int httpStatus,
                          Instant at) {
    }

    /** Attempt {@code attempt} of a notification to a subscription, to make at {@code due}. */
    record Delivery(Subscription subscription, String form, int attempt, Instant due) {
    }

    private final SubscriptionService subscriptions;
    private final TrafficStats stats;
    private final Clock clock;
    private final double timeScale;
    private final Duration timeout;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "notifier");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final Table<Attempt> storedAttempts;
    private final Table<Delivery> dueDeliveries;
    private final AtomicLong attemptKeys = new AtomicLong();
    private final AtomicLong deliveryKeys = new AtomicLong();
    private final Random jitter = new Random();

    public Notifier(SubscriptionService subscriptions, TrafficStats stats, Clock clock, EmulatorProperties properties,
                    WorldFile file) {
        this.subscriptions = subscriptions;
        this.stats = stats;
        this.clock = clock;
        this.timeScale = properties.timeScale();
        this.timeout = properties.notificationTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.storedAttempts = file.table("notification-attempts", Attempt.class);
        this.dueDeliveries = file.table("notifications-due", Delivery.class);
        storedAttempts.loaded().forEach((key, attempt) -> {
            attempts.add(attempt);
            attemptKeys.accumulateAndGet(Long.parseLong(key), Math::max);
        });
        // Deliveries the emulator had not made when it stopped are made now, or when they were due.
        dueDeliveries.loaded().forEach((key, delivery) -> {
            deliveryKeys.accumulateAndGet(Long.parseLong(key), Math::max);
            run(key, delivery);
        });
    }

    @EventListener
    public void onChange(DataChanged change) {
        for (Subscription subscription : subscriptions.matching(change.userid(), change.appli())) {
            schedule(new Delivery(subscription, form(change), 1, clock.instant()));
        }
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public synchronized void clear() {
        attempts.clear();
        storedAttempts.clear();
    }

    /** The wait before attempt {@code n} (2..10), in real Withings time. */
    Duration delayBefore(int attempt) {
        int step = (attempt - 1) % 5;
        return switch (step) {
            case 0 -> Duration.ZERO;
            case 1 -> Duration.ofSeconds(10);
            case 2 -> Duration.ofMinutes(1).plusSeconds(60 + jitter.nextInt(540));
            case 3 -> Duration.ofHours(1).plusSeconds(120 + jitter.nextInt(1080));
            default -> Duration.ofHours(4).plusSeconds(180 + jitter.nextInt(1620));
        };
    }

    /** Keeps the delivery until it was made, so that a stop in between does not lose it. */
    private void schedule(Delivery delivery) {
        String key = String.valueOf(deliveryKeys.incrementAndGet());
        dueDeliveries.put(key, delivery);
        run(key, delivery);
    }

    private void run(String key, Delivery delivery) {
        long millis = Math.max(0, Duration.between(clock.instant(), delivery.due()).toMillis());
        scheduler.schedule(() -> {
            attempt(delivery);
            dueDeliveries.remove(key);
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void attempt(Delivery delivery) {
        Subscription subscription = delivery.subscription();
        int attempt = delivery.attempt();
        stats.notificationSent();
        if (attempt > 1) {
            stats.notificationRetried();
        }
        int status = post(subscription.callbackUrl(), delivery.form());
        boolean delivered = status > 0 && status < 400;
        record(new Attempt(subscription.userid(), subscription.appli(), subscription.callbackUrl(), attempt,
                delivered, status, clock.instant()));
        if (delivered) {
            stats.notificationDelivered();
            return;
        }
        stats.notificationFailed();
        if (attempt < ATTEMPTS) {
            long millis = Math.round(delayBefore(attempt + 1).toMillis() / timeScale);
            schedule(new Delivery(subscription, delivery.form(), attempt + 1, clock.instant().plusMillis(millis)));
        }
    }

    private synchronized void record(Attempt attempt) {
        attempts.add(attempt);
        storedAttempts.put(String.valueOf(attemptKeys.incrementAndGet()), attempt);
    }

    private int post(String callbackUrl, String form) {
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(callbackUrl)).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode();
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String form(DataChanged change) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("userid", String.valueOf(change.userid()));
        fields.put("appli", String.valueOf(change.appli()));
        if (change.date().isPresent()) {
            fields.put("date", change.date().get().toString());
        } else if (change.action().isEmpty()) {
            fields.put("startdate", String.valueOf(change.startdate()));
            fields.put("enddate", String.valueOf(change.enddate()));
        }
        change.action().ifPresent(action -> fields.put("action", action));
        List<String> pairs = new ArrayList<>();
        fields.forEach((name, value) -> pairs.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return pairs.stream().collect(Collectors.joining("&"));
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
