package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.adherence.Adherence;
import org.iomtbridge.bridge.alerts.Alerts;
import org.iomtbridge.bridge.withings.AccessTokens;
import org.iomtbridge.bridge.withings.WithingsClients;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.fhirwrite.FhirPages;
import org.iomtbridge.mapping.MappingResult;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.iomtbridge.mapping.fhir.ResourceIds;
import org.iomtbridge.withings.MeasureQuery;
import org.iomtbridge.withings.model.MeasureGroups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What no notification tells: compares every measure Withings holds for a user over the backfill window with what FHIR
 * holds. Measures FHIR lacks are written (idempotently, with the rest); Observations whose measure group Withings no
 * longer has — deleted by the user — become {@code entered-in-error}, never removed; their alerts are withdrawn and they no longer count for adherence.
 */
@Service
class Reconciliation {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciliation.class);

    /** What a reconciliation found. */
    public record Result(int measuresAtWithings, int enteredInError) {
    }

    private final WithingsClients withings;
    private final AccessTokens accessTokens;
    private final AccountStore accounts;
    private final MappedWrites writes;
    private final Alerts alerts;
    private final Adherence adherence;
    private final IGenericClient fhir;
    private final SyncProperties properties;
    private final Clock clock;

    public Reconciliation(WithingsClients withings, AccessTokens accessTokens, AccountStore accounts,
                          MappedWrites writes, Alerts alerts, Adherence adherence, IGenericClient fhirClient,
                          SyncProperties properties, Clock clock) {
        this.alerts = alerts;
        this.adherence = adherence;
        this.withings = withings;
        this.accessTokens = accessTokens;
        this.accounts = accounts;
        this.writes = writes;
        this.fhir = fhirClient;
        this.properties = properties;
        this.clock = clock;
    }

    public Result reconcile(String withingsUserId) {
        AccountStore.Account account = accounts.find(withingsUserId).filter(found -> found.status() == AccountStatus.ACTIVE)
                .orElseThrow(() -> new IllegalStateException("Withings user " + withingsUserId + " has no active consent"));
        Instant until = clock.instant();
        Instant since = until.minus(properties.backfill());
        MeasureGroups held = withings.client().allMeasures(accessTokens.valid(withingsUserId),
                MeasureQuery.between(since, until).withCategory(1));
        MappingResult mapped = writes.write(withingsUserId, account.patientReference(),
                writes.mapper().normalizer().measureGroups(withingsUserId, held),
                ResourceIds.sha256(("reconciliation/" + withingsUserId + "/" + until).getBytes(StandardCharsets.UTF_8)),
                "reconciliation of Withings user " + withingsUserId);
        Set<String> current = new HashSet<>();
        mapped.observations().forEach(observation -> current.add(observation.getIdPart()));

        List<Observation> gone = new ArrayList<>();
        String groupPrefix = "withings-" + withingsUserId + "-grp-";
        Bundle first = fhir.search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId(account.patientReference()))
                .and(new TokenClientParam("identifier").hasSystemWithAnyCode(FhirSystems.WITHINGS_MEASUREMENT_ID))
                .and(Observation.DATE.afterOrEquals().millis(java.util.Date.from(since)))
                .count(500).returnBundle(Bundle.class).execute();
        FhirPages.forEach(fhir, first, resource -> {
            Observation stored = (Observation) resource;
            String id = stored.getIdElement().getIdPart();
            if (id.startsWith(groupPrefix) && !current.contains(id)
                    && stored.getStatus() != Observation.ObservationStatus.ENTEREDINERROR) {
                gone.add(stored);
            }
        });
        for (Observation stored : gone) {
            stored.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
            stored.addNote().setText("The measure was deleted in Withings (found by reconciliation on " + until + ").");
            fhir.update().resource(stored).execute();
        }
        if (!gone.isEmpty()) {
            List<String> deleted = gone.stream().map(observation -> observation.getIdElement().getIdPart()).toList();
            alerts.readingsDeleted(deleted);
            adherence.readingsDeleted(deleted);
            LOG.info("Reconciliation of Withings user {}: {} Observations marked entered-in-error", withingsUserId,
                    gone.size());
        }
        return new Result(held.groups().size(), gone.size());
    }
}
