package org.iomtbridge.bridge.sync;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Priority;
import org.iomtbridge.bridge.consent.ConsentGranted;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * A consent starts the user's backfill: their first sync, durable, never two of one user at once, and queued behind
 * live syncs. Scheduled in the consent's own transaction, so that there is a backfill if and only if there is a consent.
 */
@Component
class Backfills {

    private final SchedulerClient scheduler;
    private final Clock clock;

    Backfills(@Lazy SchedulerClient scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @EventListener
    void on(ConsentGranted granted) {
        scheduler.scheduleIfNotExists(SyncTasks.SYNC_USER.instance(granted.withingsUserId()).priority(Priority.LOW)
                .scheduledTo(clock.instant()));
    }
}
