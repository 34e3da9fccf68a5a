package org.iomtbridge.bridge.alerts;

import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Raises, moves and withdraws alerts as readings are written, and records their acknowledgement. A reading has at
 * most one alert, however often it is written: the alert follows the reading's latest value.
 */
@Service
public class Alerts {

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    /** What writing some Observations does to the alerts: the Flags to write beside them, and the rows to record. */
    public static final class Judged {
        private final List<Alert> raised;
        private final List<Alert> changed;

        private Judged(List<Alert> raised, List<Alert> changed) {
            this.raised = List.copyOf(raised);
            this.changed = List.copyOf(changed);
        }

        /** The Flags to write after the Observations they point at. */
        public List<Flag> flags() {
            List<Flag> flags = new ArrayList<>();
            raised.forEach(alert -> flags.add(AlertFlags.flag(alert)));
            changed.forEach(alert -> flags.add(AlertFlags.flag(alert)));
            return flags;
        }
    }

    /** What an acknowledgement found. */
    public enum Acknowledgement { ACKNOWLEDGED, NOT_OPEN, NOT_FOUND }

    private final AlertStore store;
    private final AlertTasks tasks;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final Clock clock;

    public Alerts(AlertStore store, @Lazy AlertTasks tasks, TransactionTemplate transactions, AuditTrail audit,
                  Clock clock) {
        this.store = store;
        this.tasks = tasks;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Judges Observations about to be written: a reading past a threshold raises its alert, or moves it when the
     * reading changed; a reading that no longer is withdraws its alert. Nothing is recorded until
     * {@link #recordWritten} — call it once the Observations and the {@link Judged#flags()} are written.
     */
    public Judged judge(String withingsUserId, String patientReference, List<Observation> observations) {
        Map<String, Alert> known = store.byObservation(observations.stream()
                .map(observation -> observation.getIdElement().getIdPart()).toList());
        Instant now = clock.instant();
        List<Alert> raised = new ArrayList<>();
        List<Alert> changed = new ArrayList<>();
        for (Observation observation : observations) {
            String id = observation.getIdElement().getIdPart();
            Optional<CriticalReading> critical = CriticalReading.of(observation);
            Alert alert = known.get(id);
            if (critical.isPresent() && alert == null) {
                CriticalReading reading = critical.get();
                raised.add(new Alert(0, AlertFlags.flagId(id), id, withingsUserId, patientReference,
                        reading.interpretation(), reading.reading(), reading.measuredAt(), now, Alert.Status.OPEN,
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1));
            } else if (critical.isPresent() && (!alert.reading().equals(critical.get().reading()) || withdrawn(alert))) {
                CriticalReading reading = critical.get();
                changed.add(new Alert(alert.id(), alert.flagId(), id, withingsUserId, patientReference,
                        reading.interpretation(), reading.reading(), reading.measuredAt(), alert.raisedAt(),
                        Alert.Status.OPEN, alert.acknowledgedBy(), alert.acknowledgedAt(), Optional.empty(),
                        Optional.empty(), alert.version() + 1));
            } else if (critical.isEmpty() && alert != null && !withdrawn(alert)) {
                boolean deleted = observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR;
                changed.add(withdrawal(alert, deleted, now));
            }
        }
        return new Judged(raised, changed);
    }

    /** Records what {@link #judge} decided, once its Flags are written. */
    public void recordWritten(Judged judged) {
        if (judged.raised.isEmpty() && judged.changed.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            judged.raised.forEach(store::insert);
            judged.changed.forEach(store::update);
        });
        judged.raised.forEach(alert -> LOG.info("Alert raised for Withings user {} ({}), Flag/{}",
                alert.withingsUserId(), alert.interpretation(), alert.flagId()));
        judged.changed.forEach(alert -> LOG.info("Alert of Withings user {} is now {}, Flag/{}",
                alert.withingsUserId(), alert.status(), alert.flagId()));
    }

    /** The readings were deleted in Withings (their Observations are now entered-in-error): their alerts too. */
    public void readingsDeleted(Collection<String> observationIds) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> store.byObservation(observationIds).values().stream()
                .filter(alert -> !withdrawn(alert))
                .map(alert -> withdrawal(alert, true, now))
                .forEach(alert -> {
                    store.update(alert);
                    tasks.writeFlag(alert);
                }));
    }

    /** The current caller has seen the alert: recorded with who and when, audited, and its Flag made inactive. */
    public Acknowledgement acknowledge(long id) {
        AuditEntry.Actor by = AuditTrail.currentActor();
        Instant now = clock.instant();
        Optional<Alert> alert = store.find(id);
        if (alert.isEmpty()) {
            return Acknowledgement.NOT_FOUND;
        }
        Boolean done = transactions.execute(status -> {
            if (!store.acknowledge(id, by.name(), now)) {
                return false;
            }
            tasks.writeFlag(store.find(id).orElseThrow());
            return true;
        });
        audit.record(AuditEntry.of("alert.acknowledged", Boolean.TRUE.equals(done)
                        ? AuditEntry.Outcome.SUCCESS : AuditEntry.Outcome.REFUSED)
                .by(by.type(), by.name()).withingsUser(alert.get().withingsUserId())
                .patient(alert.get().patientReference())
                .detail("alert " + id + (Boolean.TRUE.equals(done) ? "" : ", not open: " + alert.get().status())));
        return Boolean.TRUE.equals(done) ? Acknowledgement.ACKNOWLEDGED : Acknowledgement.NOT_OPEN;
    }

    public Optional<Alert> find(long id) {
        return store.find(id);
    }

    /** Newest reading first, at most {@code limit}. */
    public List<Alert> list(Optional<Alert.Status> status, Optional<String> patientReference, int limit) {
        return store.list(status, patientReference, limit);
    }

    public long openCount() {
        return store.countOpen();
    }

    /** The user's data was erased from FHIR, their Flags with it: their alerts go too. */
    public int forget(String withingsUserId) {
        return store.deleteOf(withingsUserId);
    }

    private static boolean withdrawn(Alert alert) {
        return alert.status() == Alert.Status.CORRECTED || alert.status() == Alert.Status.DELETED;
    }

    private static Alert withdrawal(Alert alert, boolean deleted, Instant at) {
        return new Alert(alert.id(), alert.flagId(), alert.observationId(), alert.withingsUserId(),
                alert.patientReference(), alert.interpretation(), alert.reading(), alert.measuredAt(), alert.raisedAt(),
                deleted ? Alert.Status.DELETED : Alert.Status.CORRECTED, alert.acknowledgedBy(),
                alert.acknowledgedAt(), Optional.of(deleted ? "the reading was deleted in Withings"
                : "the reading was corrected in Withings and is no longer past a threshold"), Optional.of(at),
                alert.version() + 1);
    }
}
