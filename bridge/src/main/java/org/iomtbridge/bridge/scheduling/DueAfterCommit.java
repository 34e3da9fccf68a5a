package org.iomtbridge.bridge.scheduling;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.Instant;

/**
 * A task due now that is scheduled inside a transaction runs as soon as the transaction commits. db-scheduler looks
 * for due tasks the moment one is scheduled, but inside a transaction that look cannot see it yet, so the task would
 * wait for the next poll: the first slice of a new patient's backfill, queued in the consent's transaction, or the
 * write a backfill slice queues with its step.
 */
@Component
class DueAfterCommit extends AbstractSchedulerListener {

    private final ObjectProvider<Scheduler> scheduler;
    private final Clock clock;

    DueAfterCommit(ObjectProvider<Scheduler> scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void onExecutionScheduled(TaskInstanceId instance, Instant executionTime) {
        if (executionTime.isAfter(clock.instant()) || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                scheduler.getObject().triggerCheckForDueExecutions();
            }
        });
    }
}
