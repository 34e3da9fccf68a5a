package org.iomtbridge.bridge.webhook;

import jakarta.annotation.PreDestroy;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.shared.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes arriving notifications to the inbox in group commits: those that arrive together share one transaction, so
 * the database flushes its log once for all of them instead of once each. A caller returns only once its notification
 * is committed, so Withings' 200 still means "kept".
 */
@Component
class InboxWriter {

    /**
     * A notification as it arrived.
     *
     * @param identity     what makes it the same notification when posted again
     * @param notification empty when the form is not a Withings notification
     * @param problem      why it is rejected, when it is
     */
    record Arrival(String identity, Optional<Notification> notification, Optional<String> problem, String rawForm) {

        String dedupeKey() {
            return Sha256.hex(identity);
        }
    }

    /** An arrival with its dedupe key, hashed once on the caller's thread rather than on the one writer. */
    private record Waiting(Arrival arrival, String dedupeKey, CompletableFuture<NotificationInbox.Receipt> outcome) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);
    private static final int MAX_GROUP = 256;
    private static final long MAX_WAIT_SECONDS = 10;
    private static final String INSERT = """
            insert into notification_inbox (dedupe_key, received_at, withings_user_id, appli, start_date, end_date,
            local_day, action, status, problem, raw_form, duplicates)
            values (:key, :received, :user, :appli, :start, :end, :day, :action, :status, :problem, :raw, 0)""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batches;
    private final TransactionTemplate transactions;
    private final AccountStore accounts;
    private final Clock clock;
    private final BlockingQueue<Waiting> arrivals = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    InboxWriter(JdbcClient jdbc, NamedParameterJdbcTemplate batches, TransactionTemplate transactions,
                AccountStore accounts, Clock clock) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = transactions;
        this.accounts = accounts;
        this.clock = clock;
        this.writer = new Thread(this::writeWhileRunning, "inbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Keeps the arrival; returns what became of it once committed. */
    NotificationInbox.Receipt write(Arrival arrival) {
        Waiting waiting = new Waiting(arrival, arrival.dedupeKey(), new CompletableFuture<>());
        arrivals.add(waiting);
        try {
            return waiting.outcome().get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the inbox did not commit the notification within " + MAX_WAIT_SECONDS
                    + " s; Withings sends it again");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the inbox could not keep the notification: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the inbox kept the notification", e);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(MAX_WAIT_SECONDS));
    }

    private void writeWhileRunning() {
        List<Waiting> group = new ArrayList<>();
        while (running || !arrivals.isEmpty()) {
            try {
                Waiting first = arrivals.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                arrivals.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("The inbox could not keep {} notifications; they are answered with an error and Withings"
                        + " sends them again: {}", group.size(), e.getMessage());
                group.forEach(waiting -> waiting.outcome().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Waiting> group) {
        Map<Waiting, NotificationInbox.Receipt> outcomes;
        try {
            outcomes = transactions.execute(status -> keep(group));
        } catch (DataIntegrityViolationException e) {
            // Another instance kept one of them in the meantime, or the database refuses one of them: each on its
            // own, so that a refused one fails alone and its neighbours are kept.
            outcomes = new LinkedHashMap<>();
            for (Waiting waiting : group) {
                outcomes.putAll(keepAlone(waiting));
            }
        }
        outcomes.forEach((waiting, outcome) -> waiting.outcome().complete(outcome));
    }

    /** One arrival in a transaction of its own; one the database refuses is kept as rejected, with the reason. */
    private Map<Waiting, NotificationInbox.Receipt> keepAlone(Waiting waiting) {
        try {
            return transactions.execute(status -> keep(List.of(waiting)));
        } catch (DuplicateKeyException e) {
            // Kept by another instance between our look and our insert: looking again finds it.
            return transactions.execute(status -> keep(List.of(waiting)));
        } catch (DataIntegrityViolationException e) {
            String reason = "the inbox cannot store it: " + firstLine(e.getMostSpecificCause().getMessage());
            LOG.warn("A notification the database refused is kept as rejected: {}", reason);
            Arrival arrival = waiting.arrival();
            Arrival refused = new Arrival("refused:" + arrival.rawForm(), Optional.empty(), Optional.of(reason),
                    arrival.rawForm());
            return transactions.execute(status -> keep(List.of(new Waiting(refused, refused.dedupeKey(),
                    waiting.outcome()))));
        }
    }

    private static String firstLine(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return truncate(first, 200);
    }

    /** Inserts the new ones in one batch and counts the ones already kept, within the caller's transaction. */
    private Map<Waiting, NotificationInbox.Receipt> keep(List<Waiting> group) {
        Set<String> kept = new HashSet<>(jdbc.sql("select dedupe_key from notification_inbox where dedupe_key in (:keys)")
                .param("keys", group.stream().map(Waiting::dedupeKey).distinct().toList())
                .query(String.class).list());
        List<String> users = group.stream().flatMap(waiting -> waiting.arrival().notification().stream())
                .map(Notification::userId).distinct().toList();
        Set<String> linked = accounts.linkedAmong(users);
        Timestamp received = Timestamp.from(clock.instant());
        Map<Waiting, NotificationInbox.Receipt> outcomes = new LinkedHashMap<>();
        List<MapSqlParameterSource> inserts = new ArrayList<>();
        Map<String, Integer> duplicates = new LinkedHashMap<>();
        Map<String, Waiting> repeatedNotifications = new LinkedHashMap<>();
        for (Waiting waiting : group) {
            Arrival arrival = waiting.arrival();
            String key = waiting.dedupeKey();
            Optional<Notification> notification = arrival.notification();
            if (!kept.add(key)) {
                duplicates.merge(key, 1, Integer::sum);
                if (notification.isPresent()) {
                    repeatedNotifications.putIfAbsent(key, waiting);
                }
                outcomes.put(waiting, notification.isEmpty()
                        ? new NotificationInbox.Receipt(NotificationInbox.Outcome.REJECTED, arrival.problem())
                        : new NotificationInbox.Receipt(NotificationInbox.Outcome.DUPLICATE, Optional.empty()));
                continue;
            }
            boolean known = notification.map(found -> linked.contains(found.userId())).orElse(false);
            InboxStatus status = notification.isEmpty() ? InboxStatus.REJECTED
                    : known ? InboxStatus.PENDING : InboxStatus.UNKNOWN_USER;
            Optional<String> problem = notification.isEmpty() ? arrival.problem()
                    : known ? Optional.empty() : Optional.of("no linked Withings user " + notification.get().userId());
            inserts.add(row(key, received, notification, status, problem, arrival.rawForm()));
            outcomes.put(waiting, new NotificationInbox.Receipt(switch (status) {
                case PENDING -> NotificationInbox.Outcome.ACCEPTED;
                case UNKNOWN_USER -> NotificationInbox.Outcome.UNKNOWN_USER;
                default -> NotificationInbox.Outcome.REJECTED;
            }, status == InboxStatus.REJECTED ? problem : Optional.empty()));
        }
        if (!inserts.isEmpty()) {
            batches.batchUpdate(INSERT, inserts.toArray(MapSqlParameterSource[]::new));
        }
        duplicates.forEach((key, count) -> jdbc.sql(
                        "update notification_inbox set duplicates = duplicates + :count where dedupe_key = :key")
                .param("count", count).param("key", key).update());
        repeatedNotifications.forEach((key, waiting) -> {
            if (reopenedIfCovered(key, received)) {
                outcomes.put(waiting, new NotificationInbox.Receipt(NotificationInbox.Outcome.ACCEPTED, Optional.empty()));
            }
        });
        return outcomes;
    }

    /**
     * A notification like one a finished sync already covered is news, not a repeat: Withings tells of a change to a
     * measure under the measure's own dates, and of two measures taken in one second under the same ones. It waits for
     * the next sync again, as received now. So does a user action that was not confirmed: the user may have unlinked
     * since, and a forged unlink must not hide the real one.
     */
    private boolean reopenedIfCovered(String key, Timestamp received) {
        return jdbc.sql("""
                        update notification_inbox set status = :pending, received_at = :received, processed_at = null
                        where dedupe_key = :key and status in (:covered)""")
                .param("pending", InboxStatus.PENDING.name()).param("received", received).param("key", key)
                .param("covered", List.of(InboxStatus.PROCESSED.name(), InboxStatus.UNCONFIRMED.name())).update() == 1;
    }

    private static MapSqlParameterSource row(String key, Timestamp received, Optional<Notification> notification,
                                             InboxStatus status, Optional<String> problem, String rawForm) {
        return new MapSqlParameterSource()
                .addValue("key", key)
                .addValue("received", received)
                .addValue("user", notification.map(Notification::userId).orElse(null))
                .addValue("appli", notification.map(found -> found.category().appli()).orElse(null))
                .addValue("start", notification.flatMap(found -> found.startDate().isPresent()
                        ? Optional.of(found.startDate().getAsLong()) : Optional.empty()).orElse(null))
                .addValue("end", notification.flatMap(found -> found.endDate().isPresent()
                        ? Optional.of(found.endDate().getAsLong()) : Optional.empty()).orElse(null))
                .addValue("day", notification.flatMap(Notification::day).map(Object::toString).orElse(null))
                .addValue("action", notification.flatMap(Notification::action).orElse(null))
                .addValue("status", status.name())
                .addValue("problem", problem.map(text -> truncate(text, 512)).orElse(null))
                .addValue("raw", truncate(rawForm, NotificationInbox.MAX_STORED_FORM));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
