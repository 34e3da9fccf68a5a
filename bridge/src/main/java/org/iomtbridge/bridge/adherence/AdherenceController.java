package org.iomtbridge.bridge.adherence;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/adherence}: every active patient's adherence in the period ending {@code end} (by default today,
 * in each patient's time zone), as JSON or, with {@code format=csv}, as a CSV file for a billing or quality export.
 */
@RestController
class AdherenceController {

    private final Adherence adherence;

    AdherenceController(Adherence adherence) {
        this.adherence = adherence;
    }

    @GetMapping(value = "/api/v1/adherence", params = "!format", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> json(@RequestParam(required = false) String end,
                                    @RequestParam(defaultValue = "false") boolean attention,
                                    @RequestParam(defaultValue = "days") String sort) {
        AdherenceProperties settings = adherence.settings();
        return Map.of("periodDays", settings.periodDays(), "requiredDays", settings.requiredDays(),
                "warnDays", settings.warnDays(), "patients", AdherenceReport.of(adherence, end, attention, sort));
    }

    /** @param format {@code csv} */
    @GetMapping(value = "/api/v1/adherence", params = "format")
    public ResponseEntity<String> csv(@RequestParam String format, @RequestParam(required = false) String end,
                                      @RequestParam(defaultValue = "false") boolean attention,
                                      @RequestParam(defaultValue = "days") String sort) {
        if (!"csv".equals(format)) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                    .body("{\"error\": \"format is csv, or leave it out for JSON\"}");
        }
        List<String> kinds = List.copyOf(adherence.kinds().keySet());
        List<String> header = new ArrayList<>(List.of("patient", "withingsUserId", "periodStart", "periodEnd",
                "standing", "days", "previousDays"));
        kinds.forEach(kind -> header.add("days:" + kind));
        kinds.forEach(kind -> header.add("previousDays:" + kind));
        header.addAll(List.of("lastReadingAt", "daysSinceLastReading", "fallsBelowInDays"));
        StringBuilder csv = new StringBuilder(String.join(",", header)).append("\r\n");
        for (Adherence.PatientAdherence row : AdherenceReport.of(adherence, end, attention, sort)) {
            List<String> cells = new ArrayList<>(List.of(row.patientReference(), row.withingsUserId(),
                    row.periodStart().toString(), row.periodEnd().toString(), row.standing().name(),
                    String.valueOf(row.days()), String.valueOf(row.previousDays())));
            kinds.forEach(kind -> cells.add(String.valueOf(row.daysByKind().get(kind))));
            kinds.forEach(kind -> cells.add(String.valueOf(row.previousDaysByKind().get(kind))));
            cells.add(row.lastReadingAt().map(Object::toString).orElse(""));
            cells.add(row.daysSinceLastReading().isPresent() ? String.valueOf(row.daysSinceLastReading().getAsInt()) : "");
            cells.add(row.fallsBelowInDays().isPresent() ? String.valueOf(row.fallsBelowInDays().getAsInt()) : "");
            csv.append(cells.stream().collect(Collectors.joining(","))).append("\r\n");
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"adherence.csv\"")
                .body(csv.toString());
    }
}
