package org.iomtbridge.bridge.adherence;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * Adherence: the days each patient took a reading, counted as the readings are written (the day in the patient's own
 * time zone, as the reading's offset says), and the report a care team works from.
 */
@Service
public class Adherence {

    /** Where a patient stands against the required days. */
    public enum Standing {
        /** Enough days in the period, and no fall below within the warning days. */
        MEETS,
        /** Enough days now, but fewer within the warning days unless they measure. */
        AT_RISK,
        /** Fewer days than required in the period. */
        BELOW
    }

    /** A device's latest reading; no device for readings entered by hand. */
    public record DeviceReading(Optional<String> device, Instant lastReadingAt) {
    }

    /**
     * One patient's adherence in the period ending {@code periodEnd} (a day of the patient's time zone).
     *
     * @param daysByKind         days with a reading of each kind in the period, every kind listed
     * @param previousDaysByKind the same in the period before
     * @param fallsBelowInDays   for a patient who meets the requirement now: in how many days they fall below it
     *                           without a new reading, when that is within the warning days
     */
    public record PatientAdherence(String withingsUserId, String patientReference, LocalDate periodStart,
                                   LocalDate periodEnd, int days, int previousDays, Map<String, Integer> daysByKind,
                                   Map<String, Integer> previousDaysByKind, Optional<Instant> lastReadingAt,
                                   OptionalInt daysSinceLastReading, List<DeviceReading> devices, Standing standing,
                                   OptionalInt fallsBelowInDays) {

        public boolean needsAttention() {
            return standing != Standing.MEETS;
        }
    }

    private final ReadingDays readingDays;
    private final ReadingKinds kinds;
    private final AccountStore accounts;
    private final AdherenceProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public Adherence(ReadingDays readingDays, ReadingKinds kinds, AccountStore accounts,
                     AdherenceProperties properties, TransactionTemplate transactions, Clock clock) {
        this.readingDays = readingDays;
        this.kinds = kinds;
        this.accounts = accounts;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Counts the readings among Observations just written; a reading now entered-in-error no longer counts. */
    public void recordWritten(String withingsUserId, String patientReference, List<Observation> observations) {
        List<ReadingDays.Reading> readings = new ArrayList<>();
        List<String> withdrawn = new ArrayList<>();
        for (Observation observation : observations) {
            kinds.of(observation).ifPresent(kind -> {
                String id = observation.getIdElement().getIdPart();
                if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
                    withdrawn.add(id);
                    return;
                }
                DateTimeType taken = observation.getEffectiveDateTimeType();
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(taken.getTimeZone().getRawOffset() / 1000);
                Instant at = taken.getValue().toInstant();
                readings.add(new ReadingDays.Reading(id, withingsUserId, patientReference, kind.name(),
                        at.atOffset(offset).toLocalDate(), offset.getTotalSeconds(), at,
                        Optional.ofNullable(observation.getDevice().getReference())));
            });
        }
        if (!readings.isEmpty() || !withdrawn.isEmpty()) {
            transactions.executeWithoutResult(status -> {
                readingDays.delete(withdrawn);
                readingDays.record(readings);
            });
        }
    }

    /** The readings were deleted in Withings: they no longer count. */
    public void readingsDeleted(Collection<String> observationIds) {
        readingDays.delete(observationIds);
    }

    /** The user's data was erased: their readings no longer count anywhere. */
    public void forget(String withingsUserId) {
        readingDays.deleteOf(withingsUserId);
    }

    /** The kinds counted, as {@code name → label}, in the table's order. */
    public Map<String, String> kinds() {
        Map<String, String> labels = new LinkedHashMap<>();
        kinds.all().forEach(kind -> labels.put(kind.name(), kind.label()));
        return labels;
    }

    public AdherenceProperties settings() {
        return properties;
    }

    /**
     * Every active patient's adherence, for the period that ends today in each patient's time zone (the offset of
     * their latest reading; UTC before any), or that ends on {@code end} for everyone.
     */
    public List<PatientAdherence> report(Optional<LocalDate> end) {
        int period = properties.periodDays();
        Instant now = clock.instant();
        LocalDate earliestEnd = end.orElse(now.atOffset(ZoneOffset.MIN).toLocalDate());
        Map<String, Map<String, NavigableSet<LocalDate>>> days = new HashMap<>();
        for (ReadingDays.Day day : readingDays.daysFrom(earliestEnd.minusDays(2L * period))) {
            days.computeIfAbsent(day.withingsUserId(), user -> new HashMap<>())
                    .computeIfAbsent(day.kind(), kind -> new TreeSet<>()).add(day.day());
        }
        Map<String, List<ReadingDays.Latest>> latest = new HashMap<>();
        readingDays.latest().forEach(reading -> latest.computeIfAbsent(reading.withingsUserId(), user -> new ArrayList<>())
                .add(reading));
        List<PatientAdherence> report = new ArrayList<>();
        for (String user : accounts.activeUsers()) {
            accounts.find(user).ifPresent(account -> report.add(patient(account, days.getOrDefault(user, Map.of()),
                    latest.getOrDefault(user, List.of()), end, now)));
        }
        return report;
    }

    private PatientAdherence patient(AccountStore.Account account, Map<String, NavigableSet<LocalDate>> byKind,
                                     List<ReadingDays.Latest> latest, Optional<LocalDate> end, Instant now) {
        int period = properties.periodDays();
        Optional<ReadingDays.Latest> newest = latest.stream().max(Comparator.comparing(ReadingDays.Latest::measuredAt));
        ZoneOffset zone = newest.map(reading -> ZoneOffset.ofTotalSeconds(reading.utcOffsetSeconds()))
                .orElse(ZoneOffset.UTC);
        LocalDate periodEnd = end.orElse(now.atOffset(zone).toLocalDate());
        LocalDate periodStart = periodEnd.minusDays(period - 1L);
        LocalDate previousStart = periodStart.minusDays(period);
        Map<String, Integer> daysByKind = new LinkedHashMap<>();
        Map<String, Integer> previousByKind = new LinkedHashMap<>();
        NavigableSet<LocalDate> all = new TreeSet<>();
        NavigableSet<LocalDate> previousAll = new TreeSet<>();
        for (ReadingKinds.Kind kind : kinds.all()) {
            NavigableSet<LocalDate> taken = byKind.getOrDefault(kind.name(), new TreeSet<>());
            NavigableSet<LocalDate> current = taken.subSet(periodStart, true, periodEnd, true);
            NavigableSet<LocalDate> previous = taken.subSet(previousStart, true, periodStart, false);
            daysByKind.put(kind.name(), current.size());
            previousByKind.put(kind.name(), previous.size());
            all.addAll(current);
            previousAll.addAll(previous);
        }
        int required = properties.requiredDays();
        Standing standing = all.size() < required ? Standing.BELOW : Standing.MEETS;
        OptionalInt fallsBelow = OptionalInt.empty();
        for (int ahead = 1; standing == Standing.MEETS && ahead <= properties.warnDays(); ahead++) {
            if (all.tailSet(periodStart.plusDays(ahead), true).size() < required) {
                standing = Standing.AT_RISK;
                fallsBelow = OptionalInt.of(ahead);
            }
        }
        Optional<Instant> lastReadingAt = newest.map(ReadingDays.Latest::measuredAt);
        OptionalInt daysSince = newest.map(reading -> OptionalInt.of((int) ChronoUnit.DAYS.between(
                reading.measuredAt().atOffset(zone).toLocalDate(), periodEnd))).orElse(OptionalInt.empty());
        List<DeviceReading> devices = latest.stream()
                .sorted(Comparator.comparing(ReadingDays.Latest::measuredAt).reversed())
                .map(reading -> new DeviceReading(reading.device(), reading.measuredAt())).toList();
        return new PatientAdherence(account.withingsUserId(), account.patientReference(), periodStart, periodEnd,
                all.size(), previousAll.size(), daysByKind, previousByKind, lastReadingAt, daysSince, devices, standing,
                fallsBelow);
    }
}
