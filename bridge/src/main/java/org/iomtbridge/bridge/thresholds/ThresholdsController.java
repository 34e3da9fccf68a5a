package org.iomtbridge.bridge.thresholds;

import org.iomtbridge.bridge.web.FhirIds;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/thresholds}: the bands each code is judged by now, for the program or a patient ({@code GET}); a
 * code's bands changed from now on ({@code PUT …/{loinc}}, rows of reference-ranges.tsv as the body), or put back to
 * what applies without the change ({@code DELETE …/{loinc}}).
 */
@RestController
class ThresholdsController {

    private final Thresholds thresholds;

    ThresholdsController(Thresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** @param patient a FHIR Patient id: that patient's bands; none: the program's */
    @GetMapping("/api/v1/thresholds")
    public List<Thresholds.InForce> inForce(@RequestParam(required = false) String patient) {
        return thresholds.inForce(patient(patient));
    }

    @PutMapping(value = "/api/v1/thresholds/{loinc}", consumes = {"text/tab-separated-values", "text/plain"})
    public Thresholds.InForce change(@PathVariable String loinc, @RequestParam(required = false) String patient,
                                     @RequestParam(required = false) String reason,
                                     @RequestBody(required = false) String table) {
        if (table != null && table.length() > Thresholds.MAX_TABLE) {
            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, "the table is longer than "
                    + Thresholds.MAX_TABLE + " characters");
        }
        return change(patient(patient), loinc, Optional.of(table == null ? "" : table), Optional.ofNullable(reason));
    }

    @DeleteMapping("/api/v1/thresholds/{loinc}")
    public Thresholds.InForce revert(@PathVariable String loinc, @RequestParam(required = false) String patient,
                                     @RequestParam(required = false) String reason) {
        return change(patient(patient), loinc, Optional.empty(), Optional.ofNullable(reason));
    }

    private Thresholds.InForce change(Optional<String> patient, String loinc, Optional<String> table,
                                      Optional<String> reason) {
        try {
            return thresholds.change(patient, loinc, table, reason);
        } catch (IllegalArgumentException refused) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, refused.getMessage());
        }
    }

    private static Optional<String> patient(String id) {
        if (id != null && !id.matches(FhirIds.ID)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "patient " + FhirIds.NOT_AN_ID);
        }
        return Optional.ofNullable(id).map(patient -> "Patient/" + patient);
    }
}
