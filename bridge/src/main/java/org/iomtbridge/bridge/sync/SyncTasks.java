package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.webhook.UnlinkNotifications;
import org.iomtbridge.bridge.withings.DataKind;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Priority;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.bridge.fhirwrite.FhirWrites;
import org.iomtbridge.bridge.fhirwrite.WaitForFhir;
import org.iomtbridge.bridge.webhook.NotificationInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The durable work of the bridge, on db-scheduler: one sync task per user — the user id is the task instance, so
 * however many notifications arrive, at most one sync of a user is queued or running across all instances — and a
 * recurring dispatcher that turns pending notifications into syncs. A notification that arrives while its user's sync
 * runs stays pending, and the next dispatch queues another sync after it. Backfills run as tasks of their own, a slice
 * at a time, below every live sync.
 */
@Configuration
class SyncTasks {

    private static final Logger LOG = LoggerFactory.getLogger(SyncTasks.class);

    /** One user's sync; the instance id is the Withings user id. */
    static final TaskDescriptor<Void> SYNC_USER = TaskDescriptor.of("sync-user");
    /** One slice of a user's backfill, paged kinds first; it puts itself back at the end of the queue until done. */
    static final TaskDescriptor<Void> BACKFILL_PAGES = TaskDescriptor.of("backfill-pages");
    /** The same for the ECG waveforms, each one call, after every paged kind of every user's backfill. */
    static final TaskDescriptor<Void> BACKFILL_WAVEFORMS = TaskDescriptor.of("backfill-ecg-waveforms");
    /** The write to FHIR of what one backfill slice fetched, beside the user's next slice. */
    static final TaskDescriptor<BackfillWrite> BACKFILL_WRITE = TaskDescriptor.of("backfill-write", BackfillWrite.class);
    /** A remap of one user's archived answers in a window. */
    static final TaskDescriptor<RemapWindow> REMAP_USER = TaskDescriptor.of("remap-user", RemapWindow.class);

    @Bean
    FhirWrites measurementsWritten() {
        return new FhirWrites("the sync of Withings data", Set.of("Observation", "Device", "Provenance"), Set.of());
    }

    @Bean
    OneTimeTask<Void> userSyncTask(UserSync users, NotificationInbox inbox, UnlinkNotifications unlinks,
                                   AccountStore accounts, FhirWriter writer, Clock clock) {
        return Tasks.oneTime(SYNC_USER)
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(5)))
                .execute((instance, context) -> {
                    String user = instance.getId();
                    Instant started = clock.instant();
                    // Every log line of this sync, whichever class writes it, carries the same id.
                    try (MDC.MDCCloseable sync = MDC.putCloseable("sync", UUID.randomUUID().toString());
                         MDC.MDCCloseable withingsUser = MDC.putCloseable("withingsUser", user)) {
                        syncOnce(users, inbox, unlinks, accounts, writer, user, started);
                    }
                });
    }

    /** One run of a user's sync task: a revocation Withings told of and confirmed, or a sync. */
    private static void syncOnce(UserSync users, NotificationInbox inbox, UnlinkNotifications unlinks,
                                 AccountStore accounts, FhirWriter writer, String user, Instant started) {
        UnlinkNotifications.Verdict unlink = unlinks.confirm(user, started);
        if (unlink == UnlinkNotifications.Verdict.REVOKED) {
            inbox.markProcessed(user, started);
            return;
        }
        if (unlink == UnlinkNotifications.Verdict.UNCONFIRMED && inbox.pendingCategories(user, started).isEmpty()) {
            // Only the unconfirmed notification asked for this run: a forged one must not buy a full sync.
            return;
        }
        if (!accounts.find(user).map(account -> account.status() == AccountStatus.ACTIVE).orElse(false)) {
            // Revoked, or waiting for the patient to authorize again: nothing to fetch, nothing to retry.
            int dropped = inbox.markProcessed(user, started);
            LOG.info("Withings user {} has no active consent: {} notifications set aside", user, dropped);
            return;
        }
        WaitForFhir.requireAccepting(writer);
        // Notifications say which kinds changed; without any (a reconnect) every kind is fetched. A backfill is not a
        // sync: it runs in slices of its own (BackfillSlices).
        Set<DataKind> kinds = inbox.pendingCategories(user, started).stream()
                .flatMap(category -> DataKind.changedBy(category).stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DataKind.class)));
        UserSync.Result result = kinds.isEmpty() ? users.sync(user) : users.sync(user, kinds);
        int covered = inbox.markProcessed(user, started);
        LOG.info("Synced Withings user {}: observations {}, {} notifications covered", user, result.observations(),
                covered);
    }

    @Bean
    CustomTask<Void> backfillPagesTask(BackfillSlices slices, FhirWriter writer, @Lazy Scheduler scheduler,
                                       Clock clock) {
        return backfillTask(BACKFILL_PAGES, slices, writer, scheduler, clock);
    }

    @Bean
    CustomTask<Void> backfillWaveformsTask(BackfillSlices slices, FhirWriter writer, @Lazy Scheduler scheduler,
                                           Clock clock) {
        return backfillTask(BACKFILL_WAVEFORMS, slices, writer, scheduler, clock);
    }

    @Bean
    OneTimeTask<BackfillWrite> backfillWriteTask(BackfillSlices slices, FhirWriter writer) {
        return Tasks.oneTime(BACKFILL_WRITE)
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(5)))
                .execute((instance, context) -> {
                    try (MDC.MDCCloseable withingsUser = MDC.putCloseable("withingsUser",
                            instance.getData().withingsUserId())) {
                        WaitForFhir.requireAccepting(writer);
                        slices.write(instance.getData());
                    }
                });
    }

    /**
     * A slice, then the task goes back to the end of the queue of its priority — behind the other users' slices due
     * meanwhile, so users take turns — or, its pages done, to the waveforms' lower priority, or away when finished.
     */
    private static CustomTask<Void> backfillTask(TaskDescriptor<Void> descriptor, BackfillSlices slices,
                                                 FhirWriter writer, Scheduler scheduler, Clock clock) {
        return Tasks.custom(descriptor)
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(5)))
                .execute((instance, context) -> {
                    String user = instance.getId();
                    BackfillSlices.Left left;
                    try (MDC.MDCCloseable withingsUser = MDC.putCloseable("withingsUser", user)) {
                        WaitForFhir.requireAccepting(writer);
                        left = slices.next(user);
                    }
                    if (left == BackfillSlices.Left.NOTHING) {
                        return new CompletionHandler.OnCompleteRemove<>();
                    }
                    TaskDescriptor<Void> next = left == BackfillSlices.Left.PAGES ? BACKFILL_PAGES : BACKFILL_WAVEFORMS;
                    // Due again at once: db-scheduler would otherwise find it at its next poll only, a pause between
                    // every two calls of a patient alone in the queue.
                    if (next == descriptor) {
                        return (complete, operations) -> {
                            operations.reschedule(complete, clock.instant());
                            scheduler.triggerCheckForDueExecutions();
                        };
                    }
                    return (complete, operations) -> {
                        operations.removeAndScheduleNew(next.instance(user).priority(Backfills.WAVEFORMS_PRIORITY)
                                .scheduledTo(clock.instant()));
                        scheduler.triggerCheckForDueExecutions();
                    };
                });
    }

    /** What no notification told: deleted and missed measures of every active user, every reconcile interval. */
    @Bean
    RecurringTask<Void> reconcileAll(Reconciliation reconciliation, AccountStore accounts,
                                     SyncProperties properties) {
        return Tasks.recurring("reconcile-all", FixedDelay.of(properties.reconcileInterval()))
                .execute((instance, context) -> accounts.eachActiveUser("Reconciliation",
                        reconciliation::reconcile));
    }

    @Bean
    OneTimeTask<RemapWindow> remapUser(Replays replays, FhirWriter writer) {
        return Tasks.oneTime(REMAP_USER)
                .onFailure(new WaitForFhir<>(writer, Duration.ofSeconds(30)))
                .execute((instance, context) -> {
                    RemapWindow window = instance.getData();
                    replays.remap(window.withingsUserId(), window.from(), window.to());
                });
    }

    @Bean
    RecurringTask<Void> dispatchNotifications(NotificationInbox inbox, @Lazy SchedulerClient scheduler, Clock clock) {
        return Tasks.recurring("dispatch-notifications", FixedDelay.ofMillis(500))
                .execute((instance, context) -> {
                    for (String user : inbox.usersWithPendingNotifications()) {
                        scheduler.scheduleIfNotExists(SYNC_USER.instance(user).priority(Priority.HIGH)
                                .scheduledTo(clock.instant()));
                    }
                });
    }
}
