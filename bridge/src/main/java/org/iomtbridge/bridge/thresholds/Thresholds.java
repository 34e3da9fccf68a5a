package org.iomtbridge.bridge.thresholds;

import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.mapping.codes.ReferenceRanges;
import org.springframework.stereotype.Service;

import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The reference ranges and alert thresholds each reading is judged by. The shipped defaults apply until the care team
 * changes a code's bands for the whole program or for one patient; a change applies to readings taken from then on, so
 * that earlier readings, written again, keep the judgment they had.
 */
@Service
public class Thresholds {

    /** The largest table one change may bring. */
    public static final int MAX_TABLE = 16_384;
    private static final String HEADER = "loinc\tbasis\tinterpretation\tlower\tupper\tucum\tlabel\tsource";
    private static final Pattern LOINC = Pattern.compile("\\d{1,7}-\\d");
    private static final int MAX_REASON = 500;

    /** Where the bands in force come from. */
    public enum Origin { DEFAULT, PROGRAM, PATIENT }

    /** The bands of one code in force now, and the change that set them (none for the defaults). */
    public record InForce(String loinc, Origin origin, Optional<ThresholdChange> change,
                          List<ReferenceRanges.Band> bands) {
    }

    private record Parsed(ThresholdChange change, Optional<ReferenceRanges> table) {
    }

    private final ThresholdChangeStore store;
    private final AuditTrail audit;
    private final Clock clock;
    private final ReferenceRanges defaults = ReferenceRanges.standard();

    public Thresholds(ThresholdChangeStore store, AuditTrail audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** The ranges in force for the patient at each moment. */
    public ReferenceRanges.Schedule schedule(String patientReference) {
        List<Parsed> changes = store.affecting(patientReference).stream().map(Thresholds::parsed).toList();
        if (changes.isEmpty()) {
            return ReferenceRanges.Schedule.always(defaults);
        }
        return measured -> patientRanges(changes, measured);
    }

    /** Every code with bands now, for the patient or (empty) the whole program, with where its bands come from. */
    public List<InForce> inForce(Optional<String> patientReference) {
        List<Parsed> changes = (patientReference.isPresent() ? store.affecting(patientReference.get())
                : store.programWide()).stream().map(Thresholds::parsed).toList();
        Instant now = clock.instant();
        ReferenceRanges ranges = patientRanges(changes, now);
        SortedSet<String> codes = new TreeSet<>(ranges.codes());
        // A code changed to no bands at all is shown too: unjudged by the change, not by default.
        changes.stream().map(Parsed::change).filter(change -> !change.effectiveFrom().isAfter(now))
                .forEach(change -> codes.add(change.loinc()));
        List<InForce> result = new ArrayList<>();
        for (String loinc : codes) {
            Optional<ThresholdChange> patientChange = latest(changes, loinc, true, now);
            Optional<ThresholdChange> programChange = latest(changes, loinc, false, now);
            InForce inForce = patientChange.isPresent()
                    ? new InForce(loinc, Origin.PATIENT, patientChange, ranges.allBands(loinc))
                    : programChange.isPresent()
                    ? new InForce(loinc, Origin.PROGRAM, programChange, ranges.allBands(loinc))
                    : new InForce(loinc, Origin.DEFAULT, Optional.empty(), ranges.allBands(loinc));
            result.add(inForce);
        }
        return result;
    }

    /**
     * Sets the bands of one code from now on, for the patient or (empty) the whole program; a table without bands
     * leaves the code unjudged, and no table at all goes back to what applies without a change of this scope.
     *
     * @param table rows in the format of reference-ranges.tsv, with or without its header line
     * @throws IllegalArgumentException saying what is wrong with the code or the table; nothing is changed
     */
    public InForce change(Optional<String> patientReference, String loinc, Optional<String> table,
                          Optional<String> reason) {
        AuditEntry.Actor by = AuditTrail.currentActor();
        try {
            if (!LOINC.matcher(loinc).matches()) {
                throw new IllegalArgumentException("'" + loinc + "' is not a LOINC code (digits, '-', a check digit)");
            }
            if (reason.filter(text -> text.length() > MAX_REASON).isPresent()) {
                throw new IllegalArgumentException("the reason is longer than " + MAX_REASON + " characters");
            }
            Optional<String> rows = table.map(Thresholds::withHeader);
            rows.ifPresent(text -> check(loinc, text));
            store.add(new ThresholdChange(0, patientReference, loinc, rows, clock.instant(), by.name(), reason));
        } catch (IllegalArgumentException refused) {
            audit.record(entry(AuditEntry.Outcome.REFUSED, by, patientReference)
                    .detail(loinc + ": " + refused.getMessage()));
            throw refused;
        }
        audit.record(entry(AuditEntry.Outcome.SUCCESS, by, patientReference).detail(loinc + (table.isEmpty()
                ? " back to the " + (patientReference.isPresent() ? "program's bands" : "defaults")
                : " changed") + " for " + patientReference.orElse("the program") + reason.map(why -> ": " + why)
                .orElse("")));
        return inForce(patientReference).stream().filter(code -> code.loinc().equals(loinc)).findFirst()
                .orElseThrow();
    }

    private static AuditEntry entry(AuditEntry.Outcome outcome, AuditEntry.Actor by,
                                    Optional<String> patientReference) {
        AuditEntry entry = AuditEntry.of("thresholds.changed", outcome).by(by.type(), by.name());
        return patientReference.map(entry::patient).orElse(entry);
    }

    private static void check(String loinc, String rows) {
        if (rows.length() > MAX_TABLE) {
            throw new IllegalArgumentException("the table is longer than " + MAX_TABLE + " characters");
        }
        ReferenceRanges table;
        try {
            table = ReferenceRanges.read(new StringReader(rows), "the table for " + loinc);
        } catch (IllegalStateException malformed) {
            throw new IllegalArgumentException(malformed.getMessage(), malformed);
        }
        SortedSet<String> others = new TreeSet<>(table.codes());
        others.remove(loinc);
        if (!others.isEmpty()) {
            throw new IllegalArgumentException("the table for " + loinc + " also has bands of "
                    + String.join(", ", others) + ": change one code at a time");
        }
    }

    private static String withHeader(String rows) {
        return rows.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).findFirst()
                .filter(first -> first.startsWith("loinc\t")).isPresent() ? rows : HEADER + "\n" + rows;
    }

    private ReferenceRanges patientRanges(List<Parsed> changes, Instant at) {
        ReferenceRanges program = defaults;
        for (Parsed parsed : changes) {
            if (parsed.change().patientReference().isEmpty() && !parsed.change().effectiveFrom().isAfter(at)) {
                program = program.withBandsOf(parsed.change().loinc(), parsed.table().orElse(defaults));
            }
        }
        ReferenceRanges patient = program;
        for (Parsed parsed : changes) {
            if (parsed.change().patientReference().isPresent() && !parsed.change().effectiveFrom().isAfter(at)) {
                patient = patient.withBandsOf(parsed.change().loinc(), parsed.table().orElse(program));
            }
        }
        return patient;
    }

    /** The latest change of the code of the scope in force at the moment, unless it went back to what applies. */
    private static Optional<ThresholdChange> latest(List<Parsed> changes, String loinc, boolean ofPatient, Instant at) {
        Optional<Parsed> latest = Optional.empty();
        for (Parsed parsed : changes) {
            if (parsed.change().loinc().equals(loinc) && parsed.change().patientReference().isPresent() == ofPatient
                    && !parsed.change().effectiveFrom().isAfter(at)) {
                latest = Optional.of(parsed);
            }
        }
        return latest.filter(parsed -> parsed.table().isPresent()).map(Parsed::change);
    }

    private static Parsed parsed(ThresholdChange change) {
        return new Parsed(change, change.bands().map(rows -> ReferenceRanges.read(new StringReader(rows),
                "threshold change " + change.id())));
    }
}
