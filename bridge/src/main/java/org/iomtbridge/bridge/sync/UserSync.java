package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.mapping.MappingResult;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.fhir.ResourceIds;
import org.iomtbridge.mapping.withings.Normalized;
import org.iomtbridge.mapping.withings.WithingsNormalizer;
import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.DayQuery;
import org.iomtbridge.withings.MeasureQuery;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.TimeQuery;
import org.iomtbridge.withings.WithingsApiException;
import org.iomtbridge.withings.WithingsClient;
import org.iomtbridge.withings.model.HeartRecord;
import org.iomtbridge.withings.model.MeasureGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One sync of a user: for each kind of data the granted scopes allow, everything Withings changed since that kind's
 * cursor ({@code lastupdate}, or a time window for ECGs, minus an overlap), archived raw, mapped, written to FHIR,
 * and only then the cursor advanced. A failure leaves that kind's cursor where it was: the next sync fetches the same
 * data again and, the ids being deterministic, writes it without duplicates.
 */
@Service
public class UserSync {

    private static final Logger LOG = LoggerFactory.getLogger(UserSync.class);
    private static final Map<DataKind, Scope> SCOPE_OF = Map.of(
            DataKind.MEASURES, Scope.USER_METRICS, DataKind.HEART, Scope.USER_METRICS,
            DataKind.ACTIVITY, Scope.USER_ACTIVITY, DataKind.SLEEP_SUMMARIES, Scope.USER_ACTIVITY,
            DataKind.WORKOUTS, Scope.USER_ACTIVITY);

    /** What a sync wrote, per kind of data. */
    public record Result(Map<DataKind, Integer> observations) {

        public int total() {
            return observations.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** What one kind fetched: its normalized measurements, and the cursor it reached. */
    private record Fetched(Normalized normalized, Instant cursor) {
    }

    private final WithingsClients withings;
    private final AccessTokens accessTokens;
    private final AccountStore accounts;
    private final SyncCursors cursors;
    private final RawArchive archive;
    private final MappedWrites writes;
    private final WithingsFhirMapper mapper;
    private final Clock clock;
    /** Without data_fields Withings answers a default few; the night's heart rate, breathing and score need asking. */
    private final String[] sleepFields;

    public UserSync(WithingsClients withings, AccessTokens accessTokens, AccountStore accounts, SyncCursors cursors,
                    RawArchive archive, MappedWrites writes, Clock clock) {
        this.withings = withings;
        this.accessTokens = accessTokens;
        this.accounts = accounts;
        this.cursors = cursors;
        this.archive = archive;
        this.writes = writes;
        this.mapper = writes.mapper();
        this.clock = clock;
        this.sleepFields = mapper.codeTable().fields("sleep").toArray(String[]::new);
    }

    /**
     * Syncs every kind the user granted; a kind that fails does not stop the others, and the first failure is thrown.
     * An access token Withings refuses before its expiry is replaced once.
     */
    public Result sync(String withingsUserId) {
        AccountStore.Account account = accounts.find(withingsUserId).orElseThrow(() ->
                new IllegalArgumentException("No linked Withings user " + withingsUserId));
        if (account.status() != AccountStatus.ACTIVE) {
            throw new IllegalStateException("Withings user " + withingsUserId + " is " + account.status()
                    + ": no sync until the patient consents again");
        }
        AccessToken token = accessTokens.valid(withingsUserId);
        Map<DataKind, Integer> written = new java.util.EnumMap<>(DataKind.class);
        RuntimeException firstFailure = null;
        for (DataKind kind : DataKind.values()) {
            if (!List.of(account.scopes().split(",")).contains(SCOPE_OF.get(kind).value())) {
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
        if (firstFailure != null) {
            throw firstFailure;
        }
        return new Result(written);
    }

    private int sync(String withingsUserId, String patient, AccessToken token, DataKind kind) {
        Instant since = cursors.find(withingsUserId, kind)
                .map(cursor -> cursor.minus(withings.properties().cursorOverlap()))
                .orElseGet(() -> clock.instant().minus(withings.properties().backfill()));
        List<RawArchive.Archived> pages = new ArrayList<>();
        WithingsClient client = withings.client((call, body) ->
                pages.add(archive.keep(withingsUserId, call, body, clock.instant())));
        Fetched fetched = fetch(client, withingsUserId, token, kind, since);
        String source = ResourceIds.sha256(pages.stream().map(RawArchive.Archived::sha256)
                .collect(Collectors.joining(",")).getBytes(StandardCharsets.UTF_8));
        String description = "Withings " + kind.name().toLowerCase() + " of user " + withingsUserId
                + ", raw_response " + pages.stream().map(page -> String.valueOf(page.id()))
                .collect(Collectors.joining(", "));
        MappingResult mapped = writes.write(withingsUserId, patient, fetched.normalized(), source, description);
        cursors.advance(withingsUserId, kind, fetched.cursor(), clock.instant());
        return mapped.observations().size();
    }

    private Fetched fetch(WithingsClient client, String user, AccessToken token, DataKind kind, Instant since) {
        WithingsNormalizer normalizer = mapper.normalizer();
        Instant asked = clock.instant();
        return switch (kind) {
            case MEASURES -> {
                MeasureGroups groups = client.allMeasures(token, MeasureQuery.updatedSince(since).withCategory(1));
                yield new Fetched(normalizer.measureGroups(user, groups), groups.updateTime());
            }
            case ACTIVITY -> new Fetched(normalizer.activityDays(user,
                    client.allActivity(token, DayQuery.updatedSince(since))), asked);
            case SLEEP_SUMMARIES -> new Fetched(normalizer.sleepSummaries(user, client.allSleepSummaries(token,
                    DayQuery.updatedSince(since).withDataFields(sleepFields))), asked);
            case WORKOUTS -> new Fetched(normalizer.workouts(user,
                    client.allWorkouts(token, DayQuery.updatedSince(since))), asked);
            case HEART -> new Fetched(heart(client, user, token, since, asked), asked);
        };
    }

    /** ECG recordings of the window, each with its classification, heart rate, pressure and waveform. */
    private Normalized heart(WithingsClient client, String user, AccessToken token, Instant since, Instant until) {
        WithingsNormalizer normalizer = mapper.normalizer();
        var records = client.allHeartRecords(token, TimeQuery.between(since, until));
        List<Normalized> parts = new ArrayList<>(List.of(normalizer.heartRecords(user, records)));
        for (HeartRecord record : records.series()) {
            if (record.ecg().isPresent()) {
                long signalId = record.ecg().get().signalId();
                parts.add(normalizer.ecgWaveform(user, signalId, record.timestamp(), client.heartSignal(token, signalId),
                        Optional.empty()));
            }
        }
        return new Normalized(parts.stream().flatMap(part -> part.measurements().stream()).toList(),
                parts.stream().flatMap(part -> part.devices().stream()).toList(),
                parts.stream().flatMap(part -> part.notes().stream()).toList());
    }
}
