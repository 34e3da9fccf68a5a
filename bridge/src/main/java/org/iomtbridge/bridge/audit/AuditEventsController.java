package org.iomtbridge.bridge.audit;

import org.iomtbridge.bridge.web.Paging;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/v1/audit-events}: the audit trail, newest first, filtered by who, what, whose data and when. */
@RestController
class AuditEventsController {

    private static final int MAX_FILTER_LENGTH = 128;

    private final AuditTrail trail;
    private final int maxPageSize;

    public AuditEventsController(AuditTrail trail, AuditProperties properties) {
        this.trail = trail;
        this.maxPageSize = properties.maxPageSize();
    }

    @GetMapping("/api/v1/audit-events")
    public ResponseEntity<Map<String, Object>> search(@RequestParam Optional<String> actor,
                                                      @RequestParam Optional<String> action,
                                                      @RequestParam Optional<String> patient,
                                                      @RequestParam Optional<String> withingsUserId,
                                                      @RequestParam Optional<String> from,
                                                      @RequestParam Optional<String> to,
                                                      @RequestParam(defaultValue = "0") int page,
                                                      @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || page > Paging.MAX_PAGE || size < 1 || size > maxPageSize) {
            return refuse(Paging.PAGE_RANGE + "; size between 1 and " + maxPageSize);
        }
        for (Optional<String> filter : new Optional[] {actor, action, patient, withingsUserId}) {
            if (filter.filter(value -> value.length() > MAX_FILTER_LENGTH).isPresent()) {
                return refuse("a filter is at most " + MAX_FILTER_LENGTH + " characters");
            }
        }
        Optional<Instant> since;
        Optional<Instant> until;
        try {
            since = from.map(Instant::parse);
            until = to.map(Instant::parse);
        } catch (DateTimeParseException e) {
            return refuse("from and to are instants such as 2026-12-01T00:00:00Z");
        }
        AuditQuery query = new AuditQuery(actor, action, patient, withingsUserId, since, until, page, size);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("page", page);
        answer.put("size", size);
        answer.put("total", trail.count(query));
        answer.put("items", trail.search(query));
        return ResponseEntity.ok(answer);
    }

    private static ResponseEntity<Map<String, Object>> refuse(String reason) {
        return ResponseEntity.badRequest().body(Map.of("error", reason));
    }
}
