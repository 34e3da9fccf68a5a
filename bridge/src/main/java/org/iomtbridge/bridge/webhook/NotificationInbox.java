package org.iomtbridge.bridge.webhook;

import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.mapping.fhir.ResourceIds;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;

/**
 * Keeps every notification before anything else happens to it. The same notification posted again is counted, not
 * stored twice; unknown users and malformed forms are kept with the reason, so that nothing is lost and Withings,
 * answered 200, does not retry forever.
 */
@Repository
public class NotificationInbox {

    /** What became of a received notification. */
    public enum Outcome { ACCEPTED, DUPLICATE, UNKNOWN_USER, REJECTED }

    static final int MAX_STORED_FORM = 4096;

    private final JdbcClient jdbc;
    private final AccountStore accounts;
    private final Clock clock;

    public NotificationInbox(JdbcClient jdbc, AccountStore accounts, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.clock = clock;
    }

    public Outcome receive(String rawForm, Map<String, String> form) {
        Notification.Parsed parsed = Notification.parse(form);
        if (parsed instanceof Notification.Invalid invalid) {
            return store("rejected:" + rawForm, null, InboxStatus.REJECTED, invalid.problem(), rawForm);
        }
        Notification notification = ((Notification.Valid) parsed).notification();
        boolean known = accounts.find(notification.userId()).isPresent();
        InboxStatus status = known ? InboxStatus.PENDING : InboxStatus.UNKNOWN_USER;
        Outcome outcome = store(notification.identity(), notification, status,
                known ? null : "no linked Withings user " + notification.userId(), rawForm);
        return outcome == Outcome.ACCEPTED && !known ? Outcome.UNKNOWN_USER : outcome;
    }

    /** A body too large to be a Withings notification, kept by its beginning. */
    public void tooLarge(String beginning, long size, int limit) {
        store("too-large:" + beginning, null, InboxStatus.REJECTED,
                "body of " + size + " bytes exceeds the limit of " + limit, beginning);
    }

    /** The action of the user's pending user-action notification (appli 46), if any: {@code unlink}, {@code delete}, … */
    public java.util.Optional<String> pendingUserAction(String withingsUserId) {
        return jdbc.sql("""
                        select action from notification_inbox
                        where withings_user_id = :user and status = :pending and appli = 46 and action is not null
                        order by received_at desc""")
                .param("user", withingsUserId).param("pending", InboxStatus.PENDING.name())
                .query(String.class).list().stream().findFirst();
    }

    /** Users with notifications a sync has not covered yet. */
    /** The categories ({@code appli}) of the user's pending notifications received until then. */
    public java.util.Set<Integer> pendingApplis(String withingsUserId, java.time.Instant until) {
        return new java.util.TreeSet<>(jdbc.sql("""
                        select distinct appli from notification_inbox
                        where withings_user_id = :user and status = :pending and received_at <= :until
                        and appli is not null""")
                .param("user", withingsUserId).param("pending", InboxStatus.PENDING.name())
                .param("until", java.sql.Timestamp.from(until)).query(Integer.class).list());
    }

    public java.util.List<String> usersWithPendingNotifications() {
        return jdbc.sql("select distinct withings_user_id from notification_inbox where status = :pending")
                .param("pending", InboxStatus.PENDING.name()).query(String.class).list();
    }

    /** Marks the user's notifications received before {@code syncStarted} as covered by a finished sync. */
    public int markProcessed(String withingsUserId, java.time.Instant syncStarted) {
        return jdbc.sql("""
                        update notification_inbox set status = :processed, processed_at = :now
                        where withings_user_id = :user and status = :pending and received_at <= :started""")
                .param("processed", InboxStatus.PROCESSED.name()).param("now", Timestamp.from(clock.instant()))
                .param("user", withingsUserId).param("pending", InboxStatus.PENDING.name())
                .param("started", Timestamp.from(syncStarted)).update();
    }

    private Outcome store(String identity, Notification notification, InboxStatus status, String problem, String rawForm) {
        String key = sha256(identity);
        try {
            jdbc.sql("""
                            insert into notification_inbox (dedupe_key, received_at, withings_user_id, appli, start_date,
                            end_date, local_day, action, status, problem, raw_form, duplicates)
                            values (:key, :received, :user, :appli, :start, :end, :day, :action, :status, :problem, :raw, 0)""")
                    .param("key", key)
                    .param("received", Timestamp.from(clock.instant()))
                    .param("user", notification == null ? null : notification.userId())
                    .param("appli", notification == null ? null : notification.appli())
                    .param("start", notification == null || notification.startDate().isEmpty() ? null
                            : notification.startDate().getAsLong())
                    .param("end", notification == null || notification.endDate().isEmpty() ? null
                            : notification.endDate().getAsLong())
                    .param("day", notification == null ? null : notification.day().map(Object::toString).orElse(null))
                    .param("action", notification == null ? null : notification.action().orElse(null))
                    .param("status", status.name())
                    .param("problem", problem == null ? null : truncate(problem, 512))
                    .param("raw", truncate(rawForm, MAX_STORED_FORM))
                    .update();
            return status == InboxStatus.REJECTED ? Outcome.REJECTED : Outcome.ACCEPTED;
        } catch (DuplicateKeyException e) {
            jdbc.sql("update notification_inbox set duplicates = duplicates + 1 where dedupe_key = :key")
                    .param("key", key).update();
            return status == InboxStatus.REJECTED ? Outcome.REJECTED : Outcome.DUPLICATE;
        }
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static String sha256(String text) {
        return ResourceIds.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
