package org.iomtbridge.bridge.dashboard;

import org.iomtbridge.bridge.shared.TsvResource;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The charts of a patient's page, as listed in {@code dashboard-charts.tsv}. */
@Component
class ChartDefinitions {

    /** A code of a code system. */
    public record Coding(String system, String code) {
    }

    /**
     * One line of a chart: the Observations it draws, and which value of them.
     *
     * @param listed whether its readings are among a patient's latest readings (spot readings, not a continuous feed)
     */
    public record Series(String label, Coding coding, Optional<Coding> component, boolean listed) {
    }

    /** How a chart draws its series. */
    public enum Style { LINE, BARS, STACKED }

    public record Chart(String id, String title, String unit, Style style, List<Series> series) {
    }

    private static final Map<String, String> SYSTEMS = Map.of(
            "loinc", FhirSystems.LOINC,
            "withings-measure-type", FhirSystems.WITHINGS_MEASURE_TYPE,
            "withings-data", FhirSystems.WITHINGS_DATA);

    private final List<Chart> charts;

    public ChartDefinitions() {
        this.charts = load("/dashboard-charts.tsv");
    }

    public List<Chart> all() {
        return charts;
    }

    /** The codings of the readings listed as a patient's latest, each once. */
    public List<Coding> listed() {
        return charts.stream().flatMap(chart -> chart.series().stream()).filter(Series::listed).map(Series::coding)
                .distinct().toList();
    }

    public Optional<Chart> find(String id) {
        return charts.stream().filter(chart -> chart.id().equals(id)).findFirst();
    }

    static List<Chart> load(String resource) {
        Map<String, List<List<String>>> lines = new LinkedHashMap<>();
        for (List<String> row : TsvResource.rows(resource, 8)) {
            lines.computeIfAbsent(row.get(0), id -> new ArrayList<>()).add(row);
        }
        List<Chart> charts = new ArrayList<>();
        lines.forEach((id, rows) -> {
            List<String> first = rows.get(0);
            List<Series> series = rows.stream().map(row -> new Series(row.get(3), coding(row.get(4)).orElseThrow(() ->
                    new IllegalStateException(resource + ": series " + row.get(3) + " of " + id + " has no coding")),
                    coding(row.get(5)), listed(resource, row.get(7)))).toList();
            charts.add(new Chart(id, first.get(1), first.get(2), Style.valueOf(first.get(6).toUpperCase()), series));
        });
        return List.copyOf(charts);
    }

    private static boolean listed(String resource, String text) {
        if (!text.equals("yes") && !text.equals("no")) {
            throw new IllegalStateException(resource + ": listed is yes or no, not " + text);
        }
        return text.equals("yes");
    }

    private static Optional<Coding> coding(String text) {
        if (text.equals("-")) {
            return Optional.empty();
        }
        int bar = text.lastIndexOf('|');
        if (bar < 1) {
            throw new IllegalStateException("a coding is system|code: " + text);
        }
        String system = text.substring(0, bar);
        return Optional.of(new Coding(SYSTEMS.getOrDefault(system, system), text.substring(bar + 1)));
    }
}
