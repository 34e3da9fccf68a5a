package org.iomtbridge.mapping.codes;

import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reference ranges and alert thresholds by LOINC code, read from the reviewed {@code reference-ranges.tsv} (which
 * documents every column and source) or from a program's own table in the same format. Immutable; the bands of a
 * code are checked at load to follow each other without gap or overlap, so a value falls in at most one band.
 */
public final class ReferenceRanges {

    static final String RESOURCE = "/org/iomtbridge/mapping/reference-ranges.tsv";
    /** The basis of bands that judge a reading's own value; other bases judge a change and need history. */
    public static final String VALUE_BASIS = "value";
    private static final List<String> COLUMNS = List.of("loinc", "basis", "interpretation", "lower", "upper", "ucum",
            "label", "source");
    private static final Pattern LOINC = Pattern.compile("\\d{1,7}-\\d");
    private static final Pattern BASIS = Pattern.compile(VALUE_BASIS + "|gain-P\\d+D");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern LOWER = Pattern.compile(">(=?)(.+)");
    private static final Pattern UPPER = Pattern.compile("<(=?)(.+)");

    private static final ReferenceRanges STANDARD = new ReferenceRanges(Tsv.readResource(RESOURCE, COLUMNS));

    private final Map<String, List<Band>> valueBands;
    private final List<Band> changeRules;

    private ReferenceRanges(List<Tsv.Row> rows) {
        Map<String, List<Band>> byCodeAndBasis = new LinkedHashMap<>();
        Map<String, Tsv.Row> firstRow = new LinkedHashMap<>();
        for (Tsv.Row row : rows) {
            Band band = band(row);
            String key = band.loinc() + " " + band.basis();
            List<Band> bands = byCodeAndBasis.computeIfAbsent(key, k -> new ArrayList<>());
            firstRow.putIfAbsent(key, row);
            if (!bands.isEmpty()) {
                follow(row, bands.get(bands.size() - 1), band);
            }
            bands.add(band);
        }
        Map<String, List<Band>> values = new LinkedHashMap<>();
        List<Band> changes = new ArrayList<>();
        byCodeAndBasis.forEach((key, bands) -> {
            if (bands.get(0).basis().equals(VALUE_BASIS)) {
                long normal = bands.stream().filter(band -> band.interpretation() == Interpretation.N).count();
                if (normal != 1) {
                    throw firstRow.get(key).error(bands.get(0).loinc() + " needs exactly one N band, has " + normal);
                }
                values.put(bands.get(0).loinc(), List.copyOf(bands));
            } else {
                changes.addAll(bands);
            }
        });
        this.valueBands = Map.copyOf(values);
        this.changeRules = List.copyOf(changes);
    }

    private ReferenceRanges(Map<String, List<Band>> valueBands, List<Band> changeRules) {
        this.valueBands = Map.copyOf(valueBands);
        this.changeRules = List.copyOf(changeRules);
    }

    /**
     * The reference ranges in force at each moment, so that a reading is judged by what was in force when it was
     * taken: writing it again later (a backfill, a correction elsewhere in its group) judges it the same way.
     */
    @FunctionalInterface
    public interface Schedule {

        ReferenceRanges at(Instant measured);

        /** The same ranges at every moment. */
        static Schedule always(ReferenceRanges ranges) {
            return measured -> ranges;
        }
    }

    /** The shipped table of published defaults. */
    public static ReferenceRanges standard() {
        return STANDARD;
    }

    /**
     * A program's own table, in the format of {@code reference-ranges.tsv}; it replaces the defaults as a whole.
     *
     * @param name where the table comes from, for error messages
     * @throws IllegalStateException naming the line, when the table is malformed
     */
    public static ReferenceRanges read(Reader table, String name) {
        return new ReferenceRanges(Tsv.read(table, name, COLUMNS));
    }

    /**
     * How a reading of a LOINC code in a UCUM unit is judged; empty when the table has no bands for the code or
     * its bands are in another unit.
     */
    public Optional<Judgment> judge(String loinc, BigDecimal value, String ucum) {
        List<Band> bands = valueBands.getOrDefault(loinc, List.of());
        if (bands.isEmpty() || !bands.get(0).ucum().equals(ucum)) {
            return Optional.empty();
        }
        Band normal = bands.stream().filter(band -> band.interpretation() == Interpretation.N).findFirst().orElseThrow();
        return Optional.of(new Judgment(bands.stream().filter(band -> band.contains(value)).findFirst(), normal));
    }

    /**
     * These ranges with every band of one code — value bands and change rules — taken from {@code source} instead;
     * a source without bands of the code leaves it unjudged.
     */
    public ReferenceRanges withBandsOf(String loinc, ReferenceRanges source) {
        Map<String, List<Band>> values = new LinkedHashMap<>(valueBands);
        values.remove(loinc);
        Optional.ofNullable(source.valueBands.get(loinc)).ifPresent(bands -> values.put(loinc, bands));
        List<Band> changes = new ArrayList<>(changeRules.stream().filter(rule -> !rule.loinc().equals(loinc)).toList());
        source.changeRules.stream().filter(rule -> rule.loinc().equals(loinc)).forEach(changes::add);
        return new ReferenceRanges(values, changes);
    }

    /** The codes with bands, value or change. */
    public SortedSet<String> codes() {
        SortedSet<String> codes = new TreeSet<>(valueBands.keySet());
        changeRules.forEach(rule -> codes.add(rule.loinc()));
        return codes;
    }

    /** Every band of one code, value bands (lowest first) then change rules, as the table lists them. */
    public List<Band> allBands(String loinc) {
        List<Band> bands = new ArrayList<>(bands(loinc));
        changeRules.stream().filter(rule -> rule.loinc().equals(loinc)).forEach(bands::add);
        return bands;
    }

    /** The bands of one code that judge a reading's own value, lowest first. */
    public List<Band> bands(String loinc) {
        return valueBands.getOrDefault(loinc, List.of());
    }

    /** Rules on a change against earlier readings (a heart-failure weight gain): the caller needs the history. */
    public List<Band> changeRules() {
        return changeRules;
    }

    private static Band band(Tsv.Row row) {
        String loinc = row.get("loinc");
        if (!LOINC.matcher(loinc).matches()) {
            throw row.error("'" + loinc + "' is not a LOINC code");
        }
        String basis = row.get("basis");
        if (!BASIS.matcher(basis).matches()) {
            throw row.error("basis '" + basis + "' should be " + VALUE_BASIS + " or gain-P<days>D");
        }
        Interpretation interpretation;
        try {
            interpretation = Interpretation.valueOf(row.get("interpretation"));
        } catch (IllegalArgumentException e) {
            throw row.error("interpretation '" + row.get("interpretation") + "' should be one of N, L, H, LL, HH, U");
        }
        if (basis.equals(VALUE_BASIS) == (interpretation == Interpretation.U)) {
            throw row.error(basis.equals(VALUE_BASIS) ? "U (significant change up) judges a change, not a value"
                    : "a change is judged U (significant change up)");
        }
        Optional<Bound> lower = row.optional("lower").map(text -> bound(row, text, LOWER, ">"));
        Optional<Bound> upper = row.optional("upper").map(text -> bound(row, text, UPPER, "<"));
        if (lower.isPresent() && upper.isPresent() && lower.get().value().compareTo(upper.get().value()) >= 0) {
            throw row.error("the lower bound should be below the upper bound");
        }
        return new Band(loinc, basis, interpretation, lower, upper, row.get("ucum"), row.get("label"),
                row.get("source"));
    }

    private static Bound bound(Tsv.Row row, String text, Pattern form, String direction) {
        Matcher matcher = form.matcher(text);
        if (!matcher.matches() || !NUMBER.matcher(matcher.group(2)).matches()) {
            throw row.error("bound '" + text + "' should be " + direction + "<number> or " + direction + "=<number>");
        }
        return new Bound(new BigDecimal(matcher.group(2)), !matcher.group(1).isEmpty());
    }

    private static void follow(Tsv.Row row, Band previous, Band next) {
        boolean meets = previous.upper().isPresent() && next.lower().isPresent()
                && previous.upper().get().value().compareTo(next.lower().get().value()) == 0
                && previous.upper().get().inclusive() != next.lower().get().inclusive();
        if (!meets) {
            throw row.error("the band should start where the previous one of " + next.loinc() + " " + next.basis()
                    + " ends, with the other comparator ('<120' then '>=120'), so that no value falls in two or none");
        }
        if (!previous.ucum().equals(next.ucum())) {
            throw row.error("the bands of " + next.loinc() + " should share one unit");
        }
    }

    /** The codes of http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation the table uses. */
    public enum Interpretation {
        N("Normal"), L("Low"), H("High"), LL("Critical low"), HH("Critical high"), U("Significant change up");

        private final String display;

        Interpretation(String display) {
            this.display = display;
        }

        public String display() {
            return display;
        }
    }

    /** A bound of a band; {@code inclusive} for {@code >=} and {@code <=}. */
    public record Bound(BigDecimal value, boolean inclusive) {
    }

    /** One line of the table: the values between its bounds mean {@code interpretation}. */
    public record Band(String loinc, String basis, Interpretation interpretation, Optional<Bound> lower,
                       Optional<Bound> upper, String ucum, String label, String source) {

        public boolean contains(BigDecimal value) {
            return lower.map(bound -> above(value, bound)).orElse(true)
                    && upper.map(bound -> below(value, bound)).orElse(true);
        }

        /** The band as its source states it, for example {@code >90 and <120 mm[Hg]}. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            lower.ifPresent(bound -> parts.add((bound.inclusive() ? ">=" : ">") + bound.value().toPlainString()));
            upper.ifPresent(bound -> parts.add((bound.inclusive() ? "<=" : "<") + bound.value().toPlainString()));
            return String.join(" and ", parts) + " " + ucum;
        }

        private static boolean above(BigDecimal value, Bound bound) {
            int order = value.compareTo(bound.value());
            return order > 0 || order == 0 && bound.inclusive();
        }

        private static boolean below(BigDecimal value, Bound bound) {
            int order = value.compareTo(bound.value());
            return order < 0 || order == 0 && bound.inclusive();
        }
    }

    /**
     * A reading's judgment: the band it falls in (empty past the table's outer bounds, for example an SpO2 above
     * 100 %) and the normal band it was judged against.
     */
    public record Judgment(Optional<Band> band, Band normal) {
    }
}
