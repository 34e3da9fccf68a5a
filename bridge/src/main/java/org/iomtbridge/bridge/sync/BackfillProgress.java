package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.withings.WithingsClients;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far each backfill is, in Withings calls, and when it should finish at the rate limit.
 * <p>
 * Calls still needed: one page for each paged kind not finished (a lower bound: Withings says only on each page whether
 * more follow), plus one call per ECG waveform the heart lists named and that is not fetched yet (exact).
 * <p>
 * Estimated finish, from the order the queue serves slices: every backfill with pages left gets one call per turn, so
 * a backfill whose last page is its {@code n}th remaining call finishes after the others' first {@code n} page calls
 * each; ECG waveforms wait for every backfill's pages, then go one per backfill per turn in the same way. The calls
 * ahead, at the application's Withings rate limit per minute (live syncs take their share first, so this is the
 * earliest finish when no live data comes).
 */
@Service
public class BackfillProgress {

    /**
     * One patient's backfill.
     *
     * @param callsRemaining  Withings calls still needed (at least; exact once the pages are read)
     * @param estimatedFinish when it should finish; empty once it has
     */
    public record Progress(String withingsUserId, int callsDone, int callsRemaining, Instant startedAt,
                           Optional<Instant> finishedAt, Optional<Instant> estimatedFinish) {

        public boolean finished() {
            return finishedAt.isPresent();
        }

        /** Calls done out of done and remaining, in percent, 100 once finished. */
        public int percentDone() {
            int all = callsDone + callsRemaining;
            return finished() || all == 0 ? 100 : (int) Math.floor(100.0 * callsDone / all);
        }
    }

    /** Every backfill not finished yet: how many, the calls they still need, and when the last should finish. */
    public record Cohort(int backfills, long callsRemaining, long callsPerMinute, Optional<Instant> estimatedFinish) {
    }

    private final BackfillPlans plans;
    private final WithingsClients withings;
    private final Clock clock;

    BackfillProgress(BackfillPlans plans, WithingsClients withings, Clock clock) {
        this.plans = plans;
        this.withings = withings;
        this.clock = clock;
    }

    /** The backfills of these Withings users that have one, by user. */
    public Map<String, Progress> of(Collection<String> withingsUserIds) {
        List<BackfillPlans.Owed> pending = plans.owed(Optional.empty());
        Instant now = clock.instant();
        Map<String, Progress> progress = new LinkedHashMap<>();
        for (BackfillPlans.Owed owed : plans.owed(Optional.of(withingsUserIds))) {
            Optional<Instant> finish = owed.finishedAt().isPresent() ? Optional.empty()
                    : Optional.of(after(now, callsAhead(owed, pending)));
            progress.put(owed.withingsUserId(), new Progress(owed.withingsUserId(), owed.callsDone(),
                    owed.kindsLeft() + owed.ecgsLeft(), owed.startedAt(), owed.finishedAt(), finish));
        }
        return progress;
    }

    /** The backfills of the Withings users linked to this FHIR patient, oldest first. */
    public List<Progress> ofPatient(String patientReference) {
        List<String> users = plans.usersOfPatient(patientReference);
        Map<String, Progress> progress = of(users);
        return users.stream().map(progress::get).toList();
    }

    public Cohort cohort() {
        List<BackfillPlans.Owed> pending = plans.owed(Optional.empty());
        long remaining = pending.stream().mapToLong(owed -> owed.kindsLeft() + owed.ecgsLeft()).sum();
        return new Cohort(pending.size(), remaining, withings.callsPerMinute(),
                pending.isEmpty() ? Optional.empty() : Optional.of(after(clock.instant(), remaining)));
    }

    /** The calls every backfill makes before this one's last, itself included (see the class comment). */
    private static long callsAhead(BackfillPlans.Owed own, List<BackfillPlans.Owed> pending) {
        if (own.ecgsLeft() == 0) {
            return pending.stream().mapToLong(other -> Math.min(other.kindsLeft(), own.kindsLeft())).sum();
        }
        return pending.stream().mapToLong(other -> other.kindsLeft() + Math.min(other.ecgsLeft(), own.ecgsLeft())).sum();
    }

    private Instant after(Instant now, long calls) {
        return now.plus(Duration.ofMillis(Math.round(calls * 60_000.0 / withings.callsPerMinute())));
    }
}
