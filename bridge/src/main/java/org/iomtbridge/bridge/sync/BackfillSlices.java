package org.iomtbridge.bridge.sync;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.archive.RawArchive;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.withings.DayQuery;
import org.iomtbridge.withings.MeasureQuery;
import org.iomtbridge.withings.TimeQuery;
import org.iomtbridge.withings.WithingsClient;
import org.iomtbridge.withings.model.HeartRecord;
import org.iomtbridge.withings.model.HeartRecords;
import org.iomtbridge.withings.model.Paged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One slice of a user's backfill: one Withings call, its answers recorded with the step and queued to be written to
 * FHIR by a task of their own, so that the user's next call does not wait for the write. First one page of each paged
 * kind after another (measures, activity, sleep, workouts, the heart list, devices), then — once every page is
 * fetched — the waveform of each ECG the heart lists named. Every call gives way to live syncs at the rate limit, and
 * between slices the task goes to the back of the queue, so patients take turns.
 */
@Service
class BackfillSlices {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillSlices.class);

    /** What the user's backfill has left to fetch after a slice. */
    enum Left { PAGES, ECG_WAVEFORMS, NOTHING }

    private final BackfillPlans plans;
    private final UserSync users;
    private final AccountStore accounts;
    private final WithingsClients withings;
    private final RawArchive archive;
    private final SchedulerClient scheduler;
    private final TransactionTemplate transactions;
    private final Clock clock;

    BackfillSlices(BackfillPlans plans, UserSync users, AccountStore accounts, WithingsClients withings,
                   RawArchive archive, @Lazy SchedulerClient scheduler, TransactionTemplate transactions,
                   Clock clock) {
        this.plans = plans;
        this.users = users;
        this.accounts = accounts;
        this.withings = withings;
        this.archive = archive;
        this.scheduler = scheduler;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Fetches the next slice of the user's backfill; a user without an active consent has nothing left until they return. */
    Left next(String withingsUserId) {
        Optional<BackfillPlans.Plan> plan = plans.find(withingsUserId);
        Optional<String> patient = activePatient(withingsUserId);
        if (plan.isEmpty() || plan.get().finishedAt().isPresent() || patient.isEmpty()) {
            return Left.NOTHING;
        }
        Optional<BackfillPlans.NextPage> page = plans.nextPage(withingsUserId);
        if (page.isPresent()) {
            onePage(plan.get(), patient.get(), page.get());
            return plans.nextPage(withingsUserId).isPresent() ? Left.PAGES : waveformsOrFinish(withingsUserId);
        }
        plans.nextEcg(withingsUserId).ifPresent(ecg -> oneWaveform(withingsUserId, ecg));
        return waveformsOrFinish(withingsUserId);
    }

    /**
     * Writes what a slice fetched. A write whose patient no longer consents waits in backfill_write for them to return
     * ({@link #resumeWrites}).
     */
    void write(BackfillWrite write) {
        String user = write.withingsUserId();
        Optional<BackfillPlans.PendingWrite> pending = plans.pendingWrite(user, write.writeId());
        Optional<String> patient = activePatient(user);
        if (pending.isEmpty() || patient.isEmpty()) {
            return;
        }
        users.write(user, patient.get(), pending.get().kind(), archive.load(pending.get().answerIds()));
        if (plans.written(user, write.writeId(), clock.instant())) {
            LOG.info("Backfill of Withings user {} finished", user);
        }
    }

    /** Queues again the writes a user's backfill still owes: after a new consent, when none of them can run. */
    void resumeWrites(String withingsUserId) {
        for (long writeId : plans.pendingWrites(withingsUserId)) {
            scheduler.scheduleIfNotExists(writeTask(withingsUserId, writeId));
        }
    }

    private Optional<String> activePatient(String withingsUserId) {
        return accounts.find(withingsUserId).filter(found -> found.status() == AccountStatus.ACTIVE)
                .map(AccountStore.Account::patientReference);
    }

    private Left waveformsOrFinish(String withingsUserId) {
        if (plans.nextEcg(withingsUserId).isPresent()) {
            return Left.ECG_WAVEFORMS;
        }
        if (plans.finishIfComplete(withingsUserId, clock.instant())) {
            LOG.info("Backfill of Withings user {} finished", withingsUserId);
        }
        return Left.NOTHING;
    }

    private void onePage(BackfillPlans.Plan plan, String patient, BackfillPlans.NextPage next) {
        String user = plan.withingsUserId();
        UserSync.Fetched<Optional<Paged>> fetched = users.withAccessToken(user, token -> users.fetchArchived(user,
                withings::yieldingClient, client -> page(client, token, plan, next)));
        List<BackfillPlans.PendingEcg> ecgs = new ArrayList<>();
        fetched.value().ifPresent(answered -> {
            if (answered instanceof HeartRecords records) {
                long listAnswer = fetched.answers().get(fetched.answers().size() - 1).id();
                for (HeartRecord record : records.series()) {
                    record.ecg().ifPresent(ecg -> ecgs.add(new BackfillPlans.PendingEcg(ecg.signalId(), listAnswer)));
                }
            }
        });
        Optional<Long> nextOffset = fetched.value().filter(Paged::more).map(Paged::offset);
        List<Long> answers = fetched.answers().stream().map(RawArchive.Stored::id).toList();
        if (plan.callsDone() == 0) {
            // A new patient's first page is written by the slice that fetched it: their first data reaches FHIR
            // without waiting for a task of its own, the rest of the history beside the next pages.
            users.write(user, patient, next.kind(), fetched.answers());
            plans.pageFetched(user, next.kind(), List.of(), nextOffset, ecgs, answers.size());
            return;
        }
        recordAndQueue(user, () -> plans.pageFetched(user, next.kind(), answers, nextOffset, ecgs, answers.size()));
    }

    /** One page of the kind at the offset, or the device list (not paged); the history from the plan's start. */
    private Optional<Paged> page(WithingsClient client, org.iomtbridge.withings.AccessToken token,
                                 BackfillPlans.Plan plan, BackfillPlans.NextPage next) {
        Instant since = plan.since();
        long offset = next.offset();
        return switch (next.kind()) {
            case MEASURES -> Optional.of(client.measures(token,
                    MeasureQuery.updatedSince(since).withCategory(1).atOffset(offset)));
            case ACTIVITY -> Optional.of(client.activity(token, DayQuery.updatedSince(since).atOffset(offset)));
            case SLEEP_SUMMARIES -> Optional.of(client.sleepSummaries(token,
                    users.sleepSummariesUpdatedSince(since).atOffset(offset)));
            case WORKOUTS -> Optional.of(client.workouts(token, DayQuery.updatedSince(since).atOffset(offset)));
            case HEART -> Optional.of(client.heartRecords(token,
                    TimeQuery.between(since, plan.until()).atOffset(offset)));
            case DEVICES -> {
                client.devices(token);
                yield Optional.empty();
            }
        };
    }

    private void oneWaveform(String user, BackfillPlans.PendingEcg ecg) {
        UserSync.Fetched<Void> fetched = users.withAccessToken(user, token -> users.fetchArchived(user,
                withings::yieldingClient, client -> {
                    client.heartSignal(token, ecg.signalId());
                    return null;
                }));
        List<Long> answers = new ArrayList<>(List.of(ecg.heartListAnswerId()));
        fetched.answers().forEach(answer -> answers.add(answer.id()));
        recordAndQueue(user, () -> plans.ecgFetched(user, ecg.signalId(), answers, fetched.answers().size()));
    }

    /** The step and the write of what it fetched, in one transaction: a write is queued if and only if it is owed. */
    private void recordAndQueue(String user, Supplier<Optional<BackfillPlans.PendingWrite>> step) {
        transactions.executeWithoutResult(status -> step.get().ifPresent(pending ->
                scheduler.schedule(writeTask(user, pending.writeId()))));
    }

    private SchedulableInstance<BackfillWrite> writeTask(String withingsUserId, long writeId) {
        BackfillWrite write = new BackfillWrite(withingsUserId, writeId);
        return SyncTasks.BACKFILL_WRITE.instance(write.taskInstanceId()).data(write)
                .priority(Backfills.PAGES_PRIORITY).scheduledTo(clock.instant());
    }
}
