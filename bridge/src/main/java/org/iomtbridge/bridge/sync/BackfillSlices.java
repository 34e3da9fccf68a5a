package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.archive.RawArchive;
import org.iomtbridge.bridge.withings.DataKind;
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
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One slice of a user's backfill: one Withings call, its answer written to FHIR, then the step recorded. First one page
 * of each paged kind after another (measures, activity, sleep, workouts, the heart list, devices), then — after
 * everything else — the waveform of each ECG the heart lists named. Every call gives way to live syncs at the rate
 * limit, and between slices the task goes to the back of the queue, so patients take turns.
 */
@Service
class BackfillSlices {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillSlices.class);

    /** What the user's backfill has left after a slice. */
    enum Left { PAGES, ECG_WAVEFORMS, NOTHING }

    private final BackfillPlans plans;
    private final UserSync users;
    private final AccountStore accounts;
    private final WithingsClients withings;
    private final RawArchive archive;
    private final Clock clock;

    BackfillSlices(BackfillPlans plans, UserSync users, AccountStore accounts, WithingsClients withings,
                   RawArchive archive, Clock clock) {
        this.plans = plans;
        this.users = users;
        this.accounts = accounts;
        this.withings = withings;
        this.archive = archive;
        this.clock = clock;
    }

    /** Runs the next slice of the user's backfill; a user without an active consent has nothing left until they return. */
    Left next(String withingsUserId) {
        Optional<BackfillPlans.Plan> plan = plans.find(withingsUserId);
        Optional<AccountStore.Account> account = accounts.find(withingsUserId)
                .filter(found -> found.status() == AccountStatus.ACTIVE);
        if (plan.isEmpty() || plan.get().finishedAt().isPresent() || account.isEmpty()) {
            return Left.NOTHING;
        }
        String patient = account.get().patientReference();
        Optional<BackfillPlans.NextPage> page = plans.nextPage(withingsUserId);
        if (page.isPresent()) {
            onePage(plan.get(), patient, page.get());
            return plans.nextPage(withingsUserId).isPresent() ? Left.PAGES : waveformsOrFinish(withingsUserId);
        }
        Optional<BackfillPlans.PendingEcg> ecg = plans.nextEcg(withingsUserId);
        if (ecg.isPresent()) {
            oneWaveform(withingsUserId, patient, ecg.get());
        }
        return waveformsOrFinish(withingsUserId);
    }

    private Left waveformsOrFinish(String withingsUserId) {
        if (plans.nextEcg(withingsUserId).isPresent()) {
            return Left.ECG_WAVEFORMS;
        }
        plans.finish(withingsUserId, clock.instant());
        LOG.info("Backfill of Withings user {} finished", withingsUserId);
        return Left.NOTHING;
    }

    private void onePage(BackfillPlans.Plan plan, String patient, BackfillPlans.NextPage next) {
        String user = plan.withingsUserId();
        UserSync.Fetched<Optional<Paged>> fetched = users.withAccessToken(user, token -> users.fetchAndWrite(user,
                patient, next.kind(), withings::yieldingClient, List.of(), client -> page(client, token, plan, next)));
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
        plans.pageWritten(user, next.kind(), fetched.answers().size(), nextOffset, ecgs);
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

    private void oneWaveform(String user, String patient, BackfillPlans.PendingEcg ecg) {
        List<RawArchive.Stored> heartList = archive.load(List.of(ecg.heartListAnswerId()));
        UserSync.Fetched<Void> fetched = users.withAccessToken(user, token -> users.fetchAndWrite(user, patient,
                DataKind.HEART, withings::yieldingClient, heartList, client -> {
                    client.heartSignal(token, ecg.signalId());
                    return null;
                }));
        plans.ecgWritten(user, ecg.signalId(), fetched.answers().size());
    }
}
