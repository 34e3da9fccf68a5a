package org.iomtbridge.bridge.adherence;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The report as a page or a caller asks for it: a period's end, who needs attention only, an order. */
final class AdherenceReport {

    /** The orders the list can be sorted in. */
    enum Order {
        /** Fewest days first: who is furthest from the requirement. */
        DAYS(Comparator.comparingInt(Adherence.PatientAdherence::days)),
        /** Longest without a reading first. */
        SILENCE(Comparator.comparing((Adherence.PatientAdherence row) -> row.daysSinceLastReading().orElse(
                Integer.MAX_VALUE)).reversed()),
        /** Most fewer days than in the previous period first. */
        CHANGE(Comparator.comparingInt(row -> row.days() - row.previousDays())),
        PATIENT(Comparator.comparing(Adherence.PatientAdherence::patientReference));

        private final Comparator<Adherence.PatientAdherence> comparator;

        Order(Comparator<Adherence.PatientAdherence> comparator) {
            this.comparator = comparator;
        }
    }

    private AdherenceReport() {
    }

    static List<Adherence.PatientAdherence> of(Adherence adherence, String end, boolean attentionOnly, String sort) {
        Order order = order(sort);
        return adherence.report(end(end)).stream()
                .filter(row -> !attentionOnly || row.needsAttention())
                .sorted(order.comparator.thenComparing(Adherence.PatientAdherence::patientReference))
                .toList();
    }

    static Order order(String sort) {
        try {
            return Order.valueOf(sort.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "sort is one of days, silence, change, patient");
        }
    }

    private static Optional<LocalDate> end(String end) {
        if (end == null || end.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(end.trim()));
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "end is a day: YYYY-MM-DD");
        }
    }
}
