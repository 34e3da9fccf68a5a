package org.iomtbridge.bridge.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.iomtbridge.bridge.archive.DeadLetters;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline from Withings to FHIR as an operator watches it: queued work, throughput, lag, errors and dead letters.
 * Rates come from the database, so they cover every instance; totals and latencies from this instance's meters.
 */
@Service
public class PipelineView {

    /** Durable tasks by kind: due now, running, or scheduled for later; failing ones failed their latest run. */
    public record Queue(String task, long due, long running, long later, long failing) {
    }

    /** Counts over the last five minutes (all instances) and since this instance started. */
    public record Throughput(long notificationsLast5Min, long withingsAnswersLast5Min, long usersSyncedLast5Min,
                             double syncsOk, double syncsFailed, double fhirResourcesWritten,
                             double withingsCallsFailed, double rateLimitPauses) {
    }

    /** In seconds; the lag runs from a measurement to its commit in FHIR (a backfill's old data included). */
    public record Latency(long lagCount, double lagMeanSeconds, double lagMaxSeconds, double fhirWriteMeanSeconds) {
    }

    public record Snapshot(List<Queue> queues, Throughput throughput, Latency latency, long rejectedNotifications,
                           long openDeadLetters, List<DeadLetters.DeadLetter> deadLetters) {
    }

    private static final Duration RECENT = Duration.ofMinutes(5);
    private static final int DEAD_LETTERS_SHOWN = 50;

    private final JdbcClient jdbc;
    private final MeterRegistry meters;
    private final DeadLetters deadLetters;
    private final Clock clock;

    public PipelineView(JdbcClient jdbc, MeterRegistry meters, DeadLetters deadLetters, Clock clock) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public Snapshot snapshot() {
        Instant now = clock.instant();
        Timestamp recent = Timestamp.from(now.minus(RECENT));
        List<Queue> queues = jdbc.sql("""
                        select task_name,
                               sum(case when not picked and execution_time <= :now then 1 else 0 end),
                               sum(case when picked then 1 else 0 end),
                               sum(case when not picked and execution_time > :now then 1 else 0 end),
                               sum(case when consecutive_failures > 0 then 1 else 0 end)
                        from scheduled_tasks group by task_name order by task_name""")
                .param("now", Timestamp.from(now))
                .query((row, number) -> new Queue(row.getString(1), row.getLong(2), row.getLong(3), row.getLong(4),
                        row.getLong(5)))
                .list();
        Throughput throughput = new Throughput(
                count("select count(*) from notification_inbox where received_at > :since", recent),
                count("select count(*) from raw_response where received_at > :since", recent),
                count("select count(*) from withings_account where last_synced_at > :since", recent),
                counter("iomt.syncs", "outcome", "ok"), counter("iomt.syncs", "outcome", "failed"),
                meters.find("iomt.fhir.resources.written").counters().stream().mapToDouble(Counter::count).sum(),
                meters.find("iomt.withings.calls").timers().stream()
                        .filter(timer -> !"status 0".equals(timer.getId().getTag("outcome")))
                        .mapToDouble(Timer::count).sum(),
                counter("iomt.withings.rate.limit.pauses"));
        Timer lag = meters.find("iomt.measurement.lag").timer();
        List<Timer> writes = List.copyOf(meters.find("iomt.fhir.writes").timers());
        double writeCount = writes.stream().mapToDouble(Timer::count).sum();
        double writeSeconds = writes.stream().mapToDouble(timer -> timer.totalTime(TimeUnit.SECONDS)).sum();
        Latency latency = new Latency(lag == null ? 0 : lag.count(), lag == null ? 0 : lag.mean(TimeUnit.SECONDS),
                lag == null ? 0 : lag.max(TimeUnit.SECONDS), writeCount == 0 ? 0 : writeSeconds / writeCount);
        long rejected = jdbc.sql("select count(*) from notification_inbox where status = 'REJECTED'")
                .query(Long.class).single();
        return new Snapshot(queues, throughput, latency, rejected, deadLetters.count(DeadLetters.Status.OPEN),
                deadLetters.list(DeadLetters.Status.OPEN, 0, DEAD_LETTERS_SHOWN));
    }

    private long count(String sql, Timestamp since) {
        return jdbc.sql(sql).param("since", since).query(Long.class).single();
    }

    private double counter(String name, String... tags) {
        return meters.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }
}
