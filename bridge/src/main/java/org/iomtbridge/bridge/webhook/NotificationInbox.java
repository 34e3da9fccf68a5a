package org.iomtbridge.bridge.webhook;

import org.iomtbridge.bridge.shared.Sha256;
import org.iomtbridge.withings.model.NotificationCategory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Keeps every notification before anything else happens to it. The same notification posted again is counted, not
 * stored twice; unknown users and malformed forms are kept with the reason, so that nothing is lost and Withings,
 * answered 200, does not retry forever.
 */
@Repository
public class NotificationInbox {

    /** What became of a received notification. */
    public enum Outcome { ACCEPTED, DUPLICATE, UNKNOWN_USER, REJECTED }

    /** What became of it, and why when it was rejected. */
    public record Receipt(Outcome outcome, Optional<String> problem) {
    }

    static final int MAX_STORED_FORM = 4096;
    private static final List<String> REMOVALS = List.of("unlink", "delete");

    private final JdbcClient jdbc;
    private final InboxWriter writer;
    private final Clock clock;

    public NotificationInbox(JdbcClient jdbc, InboxWriter writer, Clock clock) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.clock = clock;
    }

    /** Keeps the notification; returns once it is committed. */
    public Receipt receive(String rawForm, Map<String, String> form) {
        Notification.Parsed parsed = Notification.parse(form, clock.instant());
        if (parsed instanceof Notification.Invalid invalid) {
            return writer.write(new InboxWriter.Arrival("rejected:" + rawForm, Optional.empty(),
                    Optional.of(invalid.problem()), rawForm));
        }
        Notification notification = ((Notification.Valid) parsed).notification();
        return writer.write(new InboxWriter.Arrival(notification.identity(), Optional.of(notification), Optional.empty(),
                rawForm));
    }

    /**
     * The user's subscriptions to these categories were made just now: what changed before them, since the sync
     * that last looked, had no notification. Kept as one pending entry per category, as if Withings had told of a
     * change in each, so that the next sync to start (after one that runs now) fetches those kinds since their cursors.
     */
    void subscribed(String withingsUserId, Set<NotificationCategory> categories) {
        Timestamp now = Timestamp.from(clock.instant());
        for (NotificationCategory category : categories) {
            jdbc.sql("""
                            insert into notification_inbox (dedupe_key, received_at, withings_user_id, appli, status,
                            raw_form, duplicates) values (:key, :now, :user, :appli, :pending, :note, 0)""")
                    .param("key", Sha256.hex("subscribed:" + withingsUserId + ":" + category + ":" + UUID.randomUUID()))
                    .param("now", now).param("user", withingsUserId).param("appli", category.appli())
                    .param("pending", InboxStatus.PENDING.name())
                    .param("note", "the bridge subscribed to " + category + "; earlier changes had no notification")
                    .update();
        }
    }

    /** A body too large to be a Withings notification, kept by its beginning. */
    public void tooLarge(String beginning, long size, int limit) {
        writer.write(new InboxWriter.Arrival("too-large:" + beginning, Optional.empty(),
                Optional.of("body of " + size + " bytes exceeds the limit of " + limit), beginning));
    }

    /**
     * The action of the user's latest pending user action notification that the user left the application
     * ({@code unlink}) or Withings ({@code delete}), received until then.
     */
    public Optional<String> pendingRemoval(String withingsUserId, Instant until) {
        return jdbc.sql("""
                        select action from notification_inbox
                        where withings_user_id = :user and status = :pending and appli = :userAction
                        and action in (:removals) and received_at <= :until order by received_at desc""")
                .param("user", withingsUserId).param("pending", InboxStatus.PENDING.name())
                .param("userAction", NotificationCategory.USER_ACTION.appli())
                .param("removals", REMOVALS).param("until", Timestamp.from(until))
                .query(String.class).list().stream().findFirst();
    }

    /** Sets the user's pending removals received until then aside as not confirmed by Withings. */
    public int markUnconfirmed(String withingsUserId, Instant until) {
        return jdbc.sql("""
                        update notification_inbox set status = :unconfirmed, processed_at = :now,
                        problem = 'Withings still accepted the user''s token: nothing was revoked'
                        where withings_user_id = :user and status = :pending and appli = :userAction
                        and action in (:removals) and received_at <= :until""")
                .param("unconfirmed", InboxStatus.UNCONFIRMED.name()).param("now", Timestamp.from(clock.instant()))
                .param("user", withingsUserId).param("pending", InboxStatus.PENDING.name())
                .param("userAction", NotificationCategory.USER_ACTION.appli())
                .param("removals", REMOVALS).param("until", Timestamp.from(until)).update();
    }

    /** The categories of the user's pending notifications received until then. */
    public Set<NotificationCategory> pendingCategories(String withingsUserId, Instant until) {
        // Only known categories pass the webhook's check, so every stored code has one.
        return jdbc.sql("""
                        select distinct appli from notification_inbox
                        where withings_user_id = :user and status = :pending and received_at <= :until
                        and appli is not null""")
                .param("user", withingsUserId).param("pending", InboxStatus.PENDING.name())
                .param("until", Timestamp.from(until)).query(Integer.class).list().stream()
                .flatMap(appli -> NotificationCategory.fromAppli(appli).stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(NotificationCategory.class)));
    }

    /** Users with notifications a sync has not covered yet. */
    public List<String> usersWithPendingNotifications() {
        return jdbc.sql("select distinct withings_user_id from notification_inbox where status = :pending")
                .param("pending", InboxStatus.PENDING.name()).query(String.class).list();
    }

    /** Notifications of every user received after {@code since}, whatever became of them. */
    public long receivedAfter(Instant since) {
        return jdbc.sql("select count(*) from notification_inbox where received_at > :since")
                .param("since", Timestamp.from(since)).query(Long.class).single();
    }

    /** Notifications kept as rejected: malformed, out of range, or too large. */
    public long rejected() {
        return jdbc.sql("select count(*) from notification_inbox where status = :rejected")
                .param("rejected", InboxStatus.REJECTED.name()).query(Long.class).single();
    }

    /** Marks the user's notifications received before {@code syncStarted} as covered by a finished sync. */
    public int markProcessed(String withingsUserId, Instant syncStarted) {
        return jdbc.sql("""
                        update notification_inbox set status = :processed, processed_at = :now
                        where withings_user_id = :user and status = :pending and received_at <= :started""")
                .param("processed", InboxStatus.PROCESSED.name()).param("now", Timestamp.from(clock.instant()))
                .param("user", withingsUserId).param("pending", InboxStatus.PENDING.name())
                .param("started", Timestamp.from(syncStarted)).update();
    }
}
