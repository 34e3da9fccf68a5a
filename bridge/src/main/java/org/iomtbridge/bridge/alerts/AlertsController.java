package org.iomtbridge.bridge.alerts;

import org.iomtbridge.bridge.web.FhirIds;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/alerts}: the alerts, newest reading first, by status and patient ({@code GET}), and the
 * acknowledgement of one ({@code POST …/{id}/acknowledge}) on the caller's behalf.
 */
@RestController
class AlertsController {

    private final Alerts alerts;

    AlertsController(Alerts alerts) {
        this.alerts = alerts;
    }

    /**
     * @param status  {@code OPEN} (the default), {@code ACKNOWLEDGED}, {@code CORRECTED}, {@code DELETED} or {@code ALL}
     * @param patient a FHIR Patient id, for that patient's alerts only
     */
    @GetMapping("/api/v1/alerts")
    public List<Alert> list(@RequestParam(defaultValue = "OPEN") String status,
                            @RequestParam(required = false) String patient,
                            @RequestParam(defaultValue = "100") @Min(value = 1, message = "limit is 1 to 1000")
                            @Max(value = 1000, message = "limit is 1 to 1000") int limit) {
        if (patient != null && !patient.matches(FhirIds.ID)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, FhirIds.NOT_AN_ID);
        }
        return alerts.list(status(status), Optional.ofNullable(patient).map(id -> "Patient/" + id), limit);
    }

    @PostMapping("/api/v1/alerts/{id}/acknowledge")
    public ResponseEntity<Map<String, Object>> acknowledge(@PathVariable long id) {
        return switch (alerts.acknowledge(id)) {
            case ACKNOWLEDGED -> ResponseEntity.ok(Map.of("alert", alerts.find(id).orElseThrow()));
            case NOT_OPEN -> ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error",
                    "alert " + id + " is not open: " + alerts.find(id).map(Alert::status).orElseThrow()));
            case NOT_FOUND -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no alert " + id));
        };
    }

    /** A status as asked for; {@code ALL} is none. */
    static Optional<Alert.Status> status(String asked) {
        String name = asked.trim().toUpperCase(Locale.ROOT);
        if (name.equals("ALL")) {
            return Optional.empty();
        }
        return Arrays.stream(Alert.Status.values()).filter(status -> status.name().equals(name)).findFirst()
                .map(Optional::of).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "status is one of " + Arrays.toString(Alert.Status.values()) + " or ALL"));
    }
}
