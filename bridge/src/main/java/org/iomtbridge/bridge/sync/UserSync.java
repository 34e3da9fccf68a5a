package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.archive.DeadLetters;
import org.iomtbridge.bridge.archive.RawArchive;
import org.iomtbridge.bridge.withings.AccessTokens;
import org.iomtbridge.bridge.withings.DataKind;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.fhirwrite.FhirWriteException;
import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.DayQuery;
import org.iomtbridge.withings.MeasureQuery;
import org.iomtbridge.withings.ResponseListener;
import org.iomtbridge.withings.TimeQuery;
import org.iomtbridge.withings.WithingsApiException;
import org.iomtbridge.withings.WithingsException;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.iomtbridge.withings.WithingsClient;
import org.iomtbridge.withings.model.HeartRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * One sync of a user: for each kind of data the granted scopes allow, everything Withings changed since that kind's
 * cursor ({@code lastupdate}, or a time window for ECGs, minus an overlap), archived raw, mapped, written to FHIR,
 * and only then the cursor advanced. Passing Withings failures are retried with backoff and jitter. A failure leaves
 * that kind's cursor where it was: the next sync fetches the same data again and, the ids being deterministic, writes
 * it without duplicates. What cannot be mapped or what the FHIR server refuses goes to a dead letter.
 */
@Service
class UserSync {

    private static final Logger LOG = LoggerFactory.getLogger(UserSync.class);

    /** What a sync wrote, per kind of data. */
    public record Result(Map<DataKind, Integer> observations) {

        public int total() {
            return observations.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final WithingsClients withings;
    private final AccessTokens accessTokens;
    private final AccountStore accounts;
    private final SyncCursors cursors;
    private final RawArchive archive;
    private final MappedWrites writes;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final SyncProperties properties;
    private final Clock clock;
    /** Server errors, timeouts and 601s of Withings, tried again a few times before the task's own backoff. */
    private final Retry withingsRetry = Retry.of("withings", RetryConfig.custom()
            .maxAttempts(3)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofSeconds(1), 2.0, 0.5,
                    Duration.ofSeconds(10)))
            .retryOnException(failure -> failure instanceof WithingsException withings && withings.retryable())
            .build());
    /** Without data_fields Withings answers a default few; the night's heart rate, breathing and score need asking. */
    private final String[] sleepFields;

    public UserSync(WithingsClients withings, AccessTokens accessTokens, AccountStore accounts, SyncCursors cursors,
                    RawArchive archive, MappedWrites writes, DeadLetters deadLetters, MeterRegistry meters,
                    SyncProperties properties, Clock clock) {
        this.meters = meters;
        this.withings = withings;
        this.accessTokens = accessTokens;
        this.accounts = accounts;
        this.cursors = cursors;
        this.archive = archive;
        this.writes = writes;
        this.deadLetters = deadLetters;
        this.properties = properties;
        this.clock = clock;
        this.sleepFields = writes.mapper().codeTable().fields("sleep").toArray(String[]::new);
    }

    /**
     * Syncs every kind the user granted; a kind that fails does not stop the others, and the first failure is thrown.
     * An access token Withings refuses before its expiry is replaced once.
     */
    public Result sync(String withingsUserId) {
        return sync(withingsUserId, EnumSet.allOf(DataKind.class));
    }

    /**
     * Syncs these kinds, those the user granted among them, every granted kind never synced yet, and the device list
     * when it is older than the device refresh interval. A kind without a cursor still owes its backfill — the first
     * sync failed (the FHIR server down, credentials refused) and a notification of another kind came before its retry —
     * so it is fetched whatever the notifications name.
     */
    public Result sync(String withingsUserId, Set<DataKind> kinds) {
        AccountStore.Account account = accounts.find(withingsUserId).orElseThrow(() ->
                new IllegalArgumentException("No linked Withings user " + withingsUserId));
        if (account.status() != AccountStatus.ACTIVE) {
            throw new IllegalStateException("Withings user " + withingsUserId + " is " + account.status()
                    + ": no sync until the patient consents again");
        }
        AccessToken token = accessTokens.valid(withingsUserId);
        Map<DataKind, Integer> written = new java.util.EnumMap<>(DataKind.class);
        RuntimeException firstFailure = null;
        Set<DataKind> wanted = EnumSet.copyOf(kinds);
        wanted.add(DataKind.DEVICES);
        EnumSet.allOf(DataKind.class).stream().filter(kind -> cursors.find(withingsUserId, kind).isEmpty())
                .forEach(wanted::add);
        for (DataKind kind : wanted) {
            if (!account.scopes().contains(kind.scope())) {
                continue;
            }
            try {
                try {
                    written.put(kind, sync(withingsUserId, account.patientReference(), token, kind));
                } catch (WithingsApiException.AuthenticationFailed refused) {
                    token = accessTokens.replacing(withingsUserId, token);
                    written.put(kind, sync(withingsUserId, account.patientReference(), token, kind));
                }
            } catch (RuntimeException e) {
                LOG.warn("Sync of {} of Withings user {} failed; its cursor stays: {}", kind, withingsUserId,
                        e.getMessage());
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        meters.counter("iomt.syncs", "outcome", firstFailure == null ? "ok" : "failed").increment();
        accounts.recordSync(withingsUserId, clock.instant(),
                Optional.ofNullable(firstFailure).map(UserSync::problemOf));
        if (firstFailure != null) {
            throw firstFailure;
        }
        return new Result(written);
    }

    private static String problemOf(RuntimeException failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private int sync(String withingsUserId, String patient, AccessToken token, DataKind kind) {
        if (kind == DataKind.DEVICES && cursors.find(withingsUserId, kind).filter(asked -> asked
                .plus(properties.deviceRefreshInterval()).isAfter(clock.instant())).isPresent()) {
            return 0;
        }
        Instant since = cursors.find(withingsUserId, kind)
                .map(cursor -> cursor.minus(properties.cursorOverlap()))
                .orElseGet(() -> clock.instant().minus(properties.backfill()));
        Fetched<Instant> fetched = fetchArchived(withingsUserId, withings::client,
                client -> fetch(client, token, kind, since));
        int written = write(withingsUserId, patient, kind, fetched.answers());
        cursors.advance(withingsUserId, kind, fetched.value(), clock.instant());
        return written;
    }

    /**
     * What one fetch returned and its answers as archived.
     *
     * @param value what the fetch returned (a cursor, a page)
     */
    record Fetched<T>(T value, List<RawArchive.Stored> answers) {
    }

    /**
     * Fetches with a client of its own that archives every answer (retried as a whole on a passing Withings failure).
     *
     * @param clients the kind of client: live, or a backfill's that gives way to live calls
     */
    <T> Fetched<T> fetchArchived(String withingsUserId, Function<ResponseListener, WithingsClient> clients,
                                 Function<WithingsClient, T> fetch) {
        List<RawArchive.Stored> answers = new ArrayList<>();
        WithingsClient client = clients.apply(answer -> {
            RawArchive.Archived archived = archive.keep(withingsUserId, answer, clock.instant());
            answers.add(new RawArchive.Stored(archived.id(), withingsUserId, answer, archived.sha256()));
        });
        T value = withingsRetry.executeSupplier(() -> {
            answers.clear();
            return fetch.apply(client);
        });
        return new Fetched<>(value, List.copyOf(answers));
    }

    /**
     * Maps and writes archived answers to FHIR; returns the Observations written. What cannot be mapped or what the
     * FHIR server refuses goes to a dead letter; a passing FHIR failure is thrown, to try again later.
     *
     * @param answers in the order they were received, with any answer archived before that they need to be read (the
     *                heart list that dates a waveform): written again, which the deterministic ids make harmless
     */
    int write(String withingsUserId, String patient, DataKind kind, List<RawArchive.Stored> answers) {
        try {
            MappedWrites.Written result = writes.writeAnswers(withingsUserId, patient, answers,
                    "Withings " + kind.name().toLowerCase() + " of user " + withingsUserId);
            for (ArchivedAnswers.Rejected unreadable : result.rejected()) {
                deadLetter(withingsUserId, kind, unreadable.answerIds(), unreadable.reason());
            }
            return result.mapped().observations().size();
        } catch (RuntimeException e) {
            if (e instanceof FhirWriteException failure && failure.transientFailure()) {
                throw e;
            }
            deadLetter(withingsUserId, kind, answers.stream().map(RawArchive.Stored::id).toList(),
                    e.getClass().getSimpleName() + ": " + e.getMessage());
            return 0;
        }
    }

    /** Calls with the user's valid access token; one Withings refuses before its expiry is replaced once. */
    <T> T withAccessToken(String withingsUserId, Function<AccessToken, T> call) {
        AccessToken token = accessTokens.valid(withingsUserId);
        try {
            return call.apply(token);
        } catch (WithingsApiException.AuthenticationFailed refused) {
            return call.apply(accessTokens.replacing(withingsUserId, token));
        }
    }

    /**
     * Answers that will not pass by themselves — unreadable, or refused by the FHIR server — wait in a dead letter,
     * and the user's later data goes on flowing.
     */
    private void deadLetter(String withingsUserId, DataKind kind, List<Long> answerIds, String reason) {
        long letter = deadLetters.record(withingsUserId, kind, answerIds, reason, clock.instant());
        LOG.warn("Withings {} of user {} could not be written and wait in dead letter {}: {}", kind, withingsUserId,
                letter, reason);
    }

    /** Sleep summaries with the data fields the mapping reads. */
    DayQuery sleepSummariesUpdatedSince(Instant since) {
        return DayQuery.updatedSince(since).withDataFields(sleepFields);
    }

    /** Asks Withings for what changed since {@code since}; returns the cursor the answers reach. */
    private Instant fetch(WithingsClient client, AccessToken token, DataKind kind, Instant since) {
        Instant asked = clock.instant();
        switch (kind) {
            case MEASURES -> {
                return client.allMeasures(token, MeasureQuery.updatedSince(since).withCategory(1)).updateTime();
            }
            case ACTIVITY -> client.allActivity(token, DayQuery.updatedSince(since));
            case SLEEP_SUMMARIES -> client.allSleepSummaries(token, sleepSummariesUpdatedSince(since));
            case WORKOUTS -> client.allWorkouts(token, DayQuery.updatedSince(since));
            case DEVICES -> client.devices(token);
            case HEART -> {
                // Each ECG's waveform is its own call, archived with the signal id it was asked for.
                for (HeartRecord record : client.allHeartRecords(token, TimeQuery.between(since, asked)).series()) {
                    if (record.ecg().isPresent()) {
                        client.heartSignal(token, record.ecg().get().signalId());
                    }
                }
            }
        }
        return asked;
    }
}
