package org.iomtbridge.bridge.sync;

import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.fhirwrite.FhirWriter;
import org.iomtbridge.mapping.MappingResult;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.fhir.ResourceIds;
import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.MeasureQuery;
import org.iomtbridge.withings.WithingsClient;
import org.iomtbridge.withings.model.MeasureGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One sync of a user's measures: everything Withings changed since the cursor ({@code lastupdate}, so that lost,
 * repeated or reordered notifications cannot lose data), archived raw, mapped, written to FHIR, and only then the
 * cursor advanced. A failure anywhere leaves the cursor where it was: the next sync fetches the same data again and,
 * the ids being deterministic, writes it without duplicates.
 */
@Service
public class MeasureSync {

    private static final Logger LOG = LoggerFactory.getLogger(MeasureSync.class);

    /** What a sync did. */
    public record Result(int groups, int observations, int devices, Instant cursor) {
    }

    private final WithingsClients withings;
    private final AccessTokens accessTokens;
    private final AccountStore accounts;
    private final SyncCursors cursors;
    private final RawArchive archive;
    private final FhirWriter writer;
    private final WithingsFhirMapper mapper;
    private final Clock clock;

    public MeasureSync(WithingsClients withings, AccessTokens accessTokens, AccountStore accounts, SyncCursors cursors,
                       RawArchive archive, FhirWriter writer, Clock clock) {
        this.withings = withings;
        this.accessTokens = accessTokens;
        this.accounts = accounts;
        this.cursors = cursors;
        this.archive = archive;
        this.writer = writer;
        this.mapper = WithingsFhirMapper.standard();
        this.clock = clock;
    }

    public Result sync(String withingsUserId) {
        AccountStore.Account account = accounts.find(withingsUserId).orElseThrow(() ->
                new IllegalArgumentException("No linked Withings user " + withingsUserId));
        if (account.status() != AccountStatus.ACTIVE) {
            throw new IllegalStateException("Withings user " + withingsUserId + " is " + account.status()
                    + ": no sync until the patient consents again");
        }
        AccessToken token = accessTokens.valid(withingsUserId);
        Instant since = cursors.find(withingsUserId, DataKind.MEASURES)
                .map(cursor -> cursor.minus(withings.properties().cursorOverlap()))
                .orElseGet(() -> clock.instant().minus(withings.properties().backfill()));

        List<RawArchive.Archived> pages = new ArrayList<>();
        WithingsClient client = withings.client((call, body) ->
                pages.add(archive.keep(withingsUserId, call, body, clock.instant())));
        MeasureGroups groups = client.allMeasures(token, MeasureQuery.updatedSince(since).withCategory(1));

        MappingResult mapped = mapper.toFhir(mapper.normalizer().measureGroups(withingsUserId, groups),
                new Reference(account.patientReference()));
        mapped.notes().forEach(note -> LOG.info("Withings user {}: {}", withingsUserId, note));
        if (!mapped.resources().isEmpty()) {
            String source = ResourceIds.sha256(pages.stream().map(RawArchive.Archived::sha256)
                    .collect(Collectors.joining(",")).getBytes(StandardCharsets.UTF_8));
            String description = "Withings /measure getmeas of user " + withingsUserId + ", raw_response "
                    + pages.stream().map(page -> String.valueOf(page.id())).collect(Collectors.joining(", "));
            writer.write(mapped.resources(), batch -> mapper.builder().provenance(batch, source, description,
                    clock.instant()));
        }
        cursors.advance(withingsUserId, DataKind.MEASURES, groups.updateTime(), clock.instant());
        return new Result(groups.groups().size(), mapped.observations().size(), mapped.devices().size(),
                groups.updateTime());
    }
}
