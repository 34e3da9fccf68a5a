package org.iomtbridge.bridge.dashboard;

import org.iomtbridge.mapping.fhir.FhirSystems;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    /** One line of a chart: the Observations it draws, and which value of them. */
    public record Series(String label, Coding coding, Optional<Coding> component) {
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

    public Optional<Chart> find(String id) {
        return charts.stream().filter(chart -> chart.id().equals(id)).findFirst();
    }

    static List<Chart> load(String resource) {
        Map<String, List<String[]>> lines = new LinkedHashMap<>();
        try (var in = ChartDefinitions.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] columns = line.split("\t");
                if (columns.length != 7) {
                    throw new IllegalStateException(resource + ": 7 tab-separated columns expected in: " + line);
                }
                lines.computeIfAbsent(columns[0], id -> new ArrayList<>()).add(columns);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Chart> charts = new ArrayList<>();
        lines.forEach((id, rows) -> {
            String[] first = rows.get(0);
            List<Series> series = rows.stream().map(row -> new Series(row[3], coding(row[4]).orElseThrow(() ->
                    new IllegalStateException(resource + ": series " + row[3] + " of " + id + " has no coding")),
                    coding(row[5]))).toList();
            charts.add(new Chart(id, first[1], first[2], Style.valueOf(first[6].toUpperCase()), series));
        });
        return List.copyOf(charts);
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
