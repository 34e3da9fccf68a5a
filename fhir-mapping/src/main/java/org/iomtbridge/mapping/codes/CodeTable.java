package org.iomtbridge.mapping.codes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reviewed table of codes, units, conversions and profiles, read from {@code withings-fhir-codes.tsv}, and the
 * displays of Withings' coded values, read from {@code withings-coded-values.tsv}. Both are data files meant to be
 * read line by line; this class only loads and checks them.
 */
public final class CodeTable {

    static final String CODES_RESOURCE = "/org/iomtbridge/mapping/withings-fhir-codes.tsv";
    static final String VALUES_RESOURCE = "/org/iomtbridge/mapping/withings-coded-values.tsv";
    private static final List<String> CODE_COLUMNS = List.of("source", "loinc", "loinc_long_common_name", "display",
            "ucum", "unit_display", "conversion", "category", "profile");
    private static final List<String> VALUE_COLUMNS = List.of("value_set", "code", "display");
    private static final Pattern LOINC = Pattern.compile("\\d{1,7}-\\d");
    private static final String CODED_PREFIX = "code:";
    private static final Pattern CONVERSION = Pattern.compile("([x/])(\\d+(\\.\\d+)?)");

    private static final CodeTable STANDARD = new CodeTable(
            Tsv.readResource(CODES_RESOURCE, CODE_COLUMNS), Tsv.readResource(VALUES_RESOURCE, VALUE_COLUMNS));

    private final Map<String, CodeTableEntry> entries;
    private final Map<String, Map<String, String>> codedValues;

    private CodeTable(List<Tsv.Row> codeRows, List<Tsv.Row> valueRows) {
        Map<String, CodeTableEntry> byKey = new LinkedHashMap<>();
        for (Tsv.Row row : codeRows) {
            CodeTableEntry entry = entry(row);
            if (byKey.putIfAbsent(entry.source(), entry) != null) {
                throw row.error("source " + entry.source() + " is listed twice");
            }
        }
        Map<String, Map<String, String>> values = new LinkedHashMap<>();
        for (Tsv.Row row : valueRows) {
            if (values.computeIfAbsent(row.get("value_set"), key -> new LinkedHashMap<>())
                    .putIfAbsent(row.get("code"), row.get("display")) != null) {
                throw row.error("code " + row.get("code") + " is listed twice in " + row.get("value_set"));
            }
        }
        this.entries = Map.copyOf(byKey);
        this.codedValues = Map.copyOf(values);
    }

    /** The table shipped with the bridge. */
    public static CodeTable standard() {
        return STANDARD;
    }

    /** The line of a Withings value, for example {@code meastype:1}; empty when the table does not know it. */
    public Optional<CodeTableEntry> entry(String source) {
        return Optional.ofNullable(entries.get(source));
    }

    /**
     * The Withings fields the table maps for one kind of answer, for example {@code sleep} → {@code total_sleep_time},
     * {@code hr_average}, …: what to ask for in {@code data_fields}.
     */
    public List<String> fields(String answerKind) {
        String prefix = answerKind + ":";
        return entries.keySet().stream().filter(source -> source.startsWith(prefix))
                .map(source -> source.substring(prefix.length())).sorted().toList();
    }

    public List<CodeTableEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** The display of a coded Withings value, for example {@code afib-result} code {@code 1}. */
    public Optional<String> codedValue(String valueSet, String code) {
        return Optional.ofNullable(codedValues.getOrDefault(valueSet, Map.of()).get(code));
    }

    private static CodeTableEntry entry(Tsv.Row row) {
        List<String> codes = row.list("loinc", ",");
        List<String> names = row.list("loinc_long_common_name", " | ");
        if (codes.size() != names.size()) {
            throw row.error("each LOINC code needs its long common name (" + codes.size() + " codes, "
                    + names.size() + " names)");
        }
        List<CodeTableEntry.LoincCode> loinc = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            if (!LOINC.matcher(codes.get(i)).matches()) {
                throw row.error("'" + codes.get(i) + "' is not a LOINC code");
            }
            loinc.add(new CodeTableEntry.LoincCode(codes.get(i), names.get(i)));
        }
        String conversion = row.get("conversion");
        boolean coded = conversion.startsWith(CODED_PREFIX);
        return new CodeTableEntry(row.get("source"), loinc, row.get("display"), row.optional("ucum"),
                row.optional("unit_display"), coded ? CodeTableEntry.Conversion.NONE : scale(row, conversion),
                coded ? Optional.of(conversion.substring(CODED_PREFIX.length())) : Optional.empty(),
                row.optional("category"), row.optional("profile"));
    }

    private static CodeTableEntry.Conversion scale(Tsv.Row row, String text) {
        var matcher = CONVERSION.matcher(text);
        if (!matcher.matches()) {
            throw row.error("conversion '" + text + "' should be x<factor>, /<divisor> or code:<coded-value list>");
        }
        return new CodeTableEntry.Conversion(matcher.group(1).equals("/"), new BigDecimal(matcher.group(2)));
    }
}
