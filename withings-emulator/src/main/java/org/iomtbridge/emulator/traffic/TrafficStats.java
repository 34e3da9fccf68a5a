package org.iomtbridge.emulator.traffic;

import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the emulator saw: calls per endpoint and client, the most requests of a client in any 60 seconds,
 * notifications, refreshes and 601s. Served by {@code GET /_emulator/stats}.
 */
@Component
public class TrafficStats {

    private static final long WINDOW_MILLIS = 60_000;

    private final Map<String, Long> callsByEndpoint = new TreeMap<>();
    private final Map<String, Long> callsByClient = new TreeMap<>();
    private final Map<String, Deque<Long>> recent = new LinkedHashMap<>();
    private final Map<String, Integer> maxIn60Seconds = new TreeMap<>();
    private final AtomicLong notificationsSent = new AtomicLong();
    private final AtomicLong notificationsFailed = new AtomicLong();
    private final AtomicLong notificationsRetried = new AtomicLong();
    private final AtomicLong notificationsDelivered = new AtomicLong();
    private final AtomicLong tokenRefreshes = new AtomicLong();
    private final AtomicLong tooManyRequests = new AtomicLong();

    /** Counts a received API call and returns how many the client made in the 60 seconds up to it, itself included. */
    public synchronized int received(String endpoint, String client, long nowMillis) {
        callsByEndpoint.merge(endpoint, 1L, Long::sum);
        callsByClient.merge(client, 1L, Long::sum);
        Deque<Long> window = recent.computeIfAbsent(client, key -> new ArrayDeque<>());
        window.addLast(nowMillis);
        while (!window.isEmpty() && window.peekFirst() <= nowMillis - WINDOW_MILLIS) {
            window.pollFirst();
        }
        maxIn60Seconds.merge(client, window.size(), Math::max);
        return window.size();
    }

    public void notificationSent() {
        notificationsSent.incrementAndGet();
    }

    public void notificationDelivered() {
        notificationsDelivered.incrementAndGet();
    }

    public void notificationFailed() {
        notificationsFailed.incrementAndGet();
    }

    public void notificationRetried() {
        notificationsRetried.incrementAndGet();
    }

    public void tokenRefreshed() {
        tokenRefreshes.incrementAndGet();
    }

    public void tooManyRequests() {
        tooManyRequests.incrementAndGet();
    }

    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("callsByEndpoint", Map.copyOf(callsByEndpoint));
        stats.put("callsByClient", Map.copyOf(callsByClient));
        stats.put("maxRequestsIn60Seconds", Map.copyOf(maxIn60Seconds));
        stats.put("notificationsSent", notificationsSent.get());
        stats.put("notificationsDelivered", notificationsDelivered.get());
        stats.put("notificationsFailed", notificationsFailed.get());
        stats.put("notificationsRetried", notificationsRetried.get());
        stats.put("tokenRefreshes", tokenRefreshes.get());
        stats.put("tooManyRequests", tooManyRequests.get());
        return stats;
    }

    public synchronized void reset() {
        callsByEndpoint.clear();
        callsByClient.clear();
        recent.clear();
        maxIn60Seconds.clear();
        notificationsSent.set(0);
        notificationsDelivered.set(0);
        notificationsFailed.set(0);
        notificationsRetried.set(0);
        tokenRefreshes.set(0);
        tooManyRequests.set(0);
    }
}
