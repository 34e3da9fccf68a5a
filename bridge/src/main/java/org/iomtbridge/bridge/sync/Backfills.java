package org.iomtbridge.bridge.sync;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Priority;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.consent.ConsentGranted;
import org.iomtbridge.bridge.withings.DataKind;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A consent starts the user's backfill: the history of each granted kind not synced before, fetched in slices
 * ({@link BackfillSlices}) behind live syncs, durable, never two slices of one user at once. The kinds' live cursors
 * start where the backfill's history ends, so that new data flows from the first notification on, whatever the
 * backfill still has to do. Planned and scheduled in the consent's own transaction, so that there is a backfill if and
 * only if there is a consent. A patient who consents again resumes an unfinished backfill, and kinds synced before
 * catch up from their cursors in a sync of their own; the writes of what it fetched before are queued again.
 */
@Component
class Backfills {

    /** Slices of paged kinds, behind every live sync. */
    static final int PAGES_PRIORITY = Priority.LOW;
    /** ECG waveforms: after every other backfill call of every patient. */
    static final int WAVEFORMS_PRIORITY = Priority.LOW - 10;

    private final SchedulerClient scheduler;
    private final BackfillSlices slices;
    private final AccountStore accounts;
    private final SyncCursors cursors;
    private final BackfillPlans plans;
    private final SyncProperties properties;
    private final Clock clock;

    Backfills(@Lazy SchedulerClient scheduler, BackfillSlices slices, AccountStore accounts, SyncCursors cursors,
              BackfillPlans plans, SyncProperties properties, Clock clock) {
        this.scheduler = scheduler;
        this.slices = slices;
        this.accounts = accounts;
        this.cursors = cursors;
        this.plans = plans;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener
    void on(ConsentGranted granted) {
        String user = granted.withingsUserId();
        Instant now = clock.instant();
        Set<DataKind> grantedKinds = accounts.find(user).map(account -> EnumSet.allOf(DataKind.class).stream()
                        .filter(kind -> account.scopes().contains(kind.scope()))
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(DataKind.class))))
                .orElse(EnumSet.noneOf(DataKind.class));
        Set<DataKind> neverSynced = grantedKinds.stream().filter(kind -> cursors.find(user, kind).isEmpty())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(DataKind.class)));
        if (neverSynced.size() < grantedKinds.size()) {
            scheduler.scheduleIfNotExists(SyncTasks.SYNC_USER.instance(user).priority(Priority.LOW).scheduledTo(now));
        }
        if (!neverSynced.isEmpty() && plans.create(user, now.minus(properties.backfill()), now, neverSynced, now)) {
            neverSynced.forEach(kind -> cursors.advance(user, kind, now, now));
        }
        if (plans.find(user).filter(plan -> plan.finishedAt().isEmpty()).isPresent()) {
            // The task of the stage it is in: the one that may be queued already, so never two of one user.
            scheduler.scheduleIfNotExists(plans.nextPage(user).isPresent()
                    ? SyncTasks.BACKFILL_PAGES.instance(user).priority(PAGES_PRIORITY).scheduledTo(now)
                    : SyncTasks.BACKFILL_WAVEFORMS.instance(user).priority(WAVEFORMS_PRIORITY).scheduledTo(now));
            slices.resumeWrites(user);
        }
    }
}
