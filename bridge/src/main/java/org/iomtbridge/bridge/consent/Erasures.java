package org.iomtbridge.bridge.consent;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceException;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Erasures of a revoked user's data from FHIR while they wait out {@code iomt.revocation.erasure-grace-period}: the
 * durable erase task is scheduled with the revocation, due when the period ends, and until then the care team can
 * cancel it, as a reconnect of the user does. The scheduled task is the only record of a pending erasure, so what is
 * listed is exactly what will run.
 */
@Service
class Erasures {

    /** An erasure waiting for its due time. */
    public record Pending(String withingsUserId, String patient, Instant due) {
    }

    private final SchedulerClient scheduler;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration gracePeriod;

    public Erasures(@Lazy SchedulerClient scheduler, AuditTrail audit,
                    TransactionTemplate transactions, Clock clock, ConsentProperties properties) {
        this.scheduler = scheduler;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.gracePeriod = properties.revocation().erasureGracePeriod();
    }

    /** Schedules the erasure of what the bridge wrote of the user; call it inside the revocation's transaction. */
    void schedule(String withingsUserId, String patientReference, Optional<AuditEntry.Actor> actor) {
        Instant due = clock.instant().plus(gracePeriod);
        if (scheduler.scheduleIfNotExists(ConsentTasks.ERASE_USER_DATA.instance(withingsUserId).data(patientReference)
                .scheduledTo(due))) {
            audit.record(as(actor, AuditEntry.of("erasure.scheduled", AuditEntry.Outcome.SUCCESS)
                    .withingsUser(withingsUserId).patient(patientReference).detail("due " + due)));
        }
    }

    /** The erasures waiting for their due time, the soonest first. */
    public List<Pending> pending() {
        return scheduler.getScheduledExecutionsForTask(ConsentTasks.ERASE_USER_DATA.getTaskName(), String.class).stream()
                .filter(scheduled -> !scheduled.isPicked())
                .map(scheduled -> new Pending(scheduled.getTaskInstance().getId(), scheduled.getData(),
                        scheduled.getExecutionTime()))
                .sorted(Comparator.comparing(Pending::due))
                .toList();
    }

    /**
     * Cancels the user's pending erasure, joining the caller's transaction if there is one.
     *
     * @param why   for the audit trail, for example {@code cancelled through the admin API}
     * @param actor who cancels, when not the request's principal
     * @return false when none is pending: never scheduled, already done, or running now
     */
    public boolean cancel(String withingsUserId, String why, Optional<AuditEntry.Actor> actor) {
        TaskInstanceId id = ConsentTasks.ERASE_USER_DATA.instanceId(withingsUserId);
        Optional<ScheduledExecution<Object>> scheduled = scheduler.getScheduledExecution(id);
        if (scheduled.isEmpty() || scheduled.get().isPicked()) {
            return false;
        }
        return Boolean.TRUE.equals(transactions.execute(status -> {
            try {
                scheduler.cancel(id);
            } catch (TaskInstanceException e) {
                // Picked or cancelled by another instance since the look above.
                return false;
            }
            audit.record(as(actor, AuditEntry.of("erasure.cancelled", AuditEntry.Outcome.SUCCESS)
                    .withingsUser(withingsUserId).patient(String.valueOf(scheduled.get().getData())).detail(why)));
            return true;
        }));
    }

    private static AuditEntry as(Optional<AuditEntry.Actor> actor, AuditEntry entry) {
        return actor.map(named -> entry.by(named.type(), named.name())).orElse(entry);
    }
}
