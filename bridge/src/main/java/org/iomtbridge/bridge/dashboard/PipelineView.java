package org.iomtbridge.bridge.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.archive.DeadLetters;
import org.iomtbridge.bridge.archive.RawArchive;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.bridge.scheduling.TaskQueues;
import org.iomtbridge.bridge.sync.BackfillProgress;
import org.iomtbridge.bridge.webhook.NotificationInbox;
import org.iomtbridge.withings.CallObserver;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline from Withings to FHIR as an operator watches it: queued work, throughput, lag, errors, dead letters, and
 * why FHIR writes wait when they do.
 * Rates come from the database, so they cover every instance; totals and latencies from this instance's meters.
 */
@Service
class PipelineView {

    /** Counts over the last five minutes (all instances) and since this instance started. */
    public record Throughput(long notificationsLast5Min, long withingsAnswersLast5Min, long usersSyncedLast5Min,
                             double syncsOk, double syncsFailed, double fhirResourcesWritten,
                             double withingsCallsFailed, double rateLimitPauses) {
    }

    /** In seconds; the lag runs from a measurement to its commit in FHIR (a backfill's old data included). */
    public record Latency(long lagCount, double lagMeanSeconds, double lagMaxSeconds, double fhirWriteMeanSeconds) {
    }

    /**
     * @param fhirWritesWaitFor why this instance holds its FHIR writes back, and what to fix; empty while they go
     * @param backfills         the backfills not finished yet, and when the last should finish
     */
    public record Snapshot(List<TaskQueues.Queue> queues, Throughput throughput, Latency latency, long rejectedNotifications,
                           long openDeadLetters, List<DeadLetters.DeadLetter> deadLetters,
                           Optional<String> fhirWritesWaitFor, BackfillProgress.Cohort backfills) {
    }

    private static final Duration RECENT = Duration.ofMinutes(5);
    private static final int DEAD_LETTERS_SHOWN = 50;

    private final TaskQueues queues;
    private final NotificationInbox inbox;
    private final RawArchive archive;
    private final AccountStore accounts;
    private final DeadLetters deadLetters;
    private final FhirWriter writer;
    private final MeterRegistry meters;
    private final BackfillProgress backfills;
    private final Clock clock;

    PipelineView(TaskQueues queues, NotificationInbox inbox, RawArchive archive, AccountStore accounts,
                 DeadLetters deadLetters, FhirWriter writer, MeterRegistry meters, BackfillProgress backfills,
                 Clock clock) {
        this.backfills = backfills;
        this.queues = queues;
        this.inbox = inbox;
        this.archive = archive;
        this.accounts = accounts;
        this.deadLetters = deadLetters;
        this.writer = writer;
        this.meters = meters;
        this.clock = clock;
    }

    public Snapshot snapshot() {
        Instant now = clock.instant();
        Instant recent = now.minus(RECENT);
        Throughput throughput = new Throughput(
                inbox.receivedAfter(recent), archive.receivedAfter(recent), accounts.syncedAfter(recent),
                counter("iomt.syncs", "outcome", "ok"), counter("iomt.syncs", "outcome", "failed"),
                meters.find("iomt.fhir.resources.written").counters().stream().mapToDouble(Counter::count).sum(),
                meters.find("iomt.withings.calls").timers().stream()
                        .filter(timer -> !CallObserver.SUCCEEDED.equals(timer.getId().getTag("outcome")))
                        .mapToDouble(Timer::count).sum(),
                counter("iomt.withings.rate.limit.pauses"));
        Timer lag = meters.find("iomt.measurement.lag").timer();
        List<Timer> writes = List.copyOf(meters.find("iomt.fhir.writes").timers());
        double writeCount = writes.stream().mapToDouble(Timer::count).sum();
        double writeSeconds = writes.stream().mapToDouble(timer -> timer.totalTime(TimeUnit.SECONDS)).sum();
        Latency latency = new Latency(lag == null ? 0 : lag.count(), lag == null ? 0 : lag.mean(TimeUnit.SECONDS),
                lag == null ? 0 : lag.max(TimeUnit.SECONDS), writeCount == 0 ? 0 : writeSeconds / writeCount);
        return new Snapshot(queues.at(now), throughput, latency, inbox.rejected(), deadLetters.count(DeadLetters.Status.OPEN),
                deadLetters.list(DeadLetters.Status.OPEN, 0, DEAD_LETTERS_SHOWN), writer.waitingFor(),
                backfills.cohort());
    }

    private double counter(String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }
}
