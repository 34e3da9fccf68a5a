package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.archive.DeadLetters;
import org.iomtbridge.bridge.archive.RawArchive;
import org.iomtbridge.bridge.web.Paging;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/dead-letters}: what the pipeline could not finish, to look at, replay after a fix, or discard.
 */
@RestController
class DeadLetterController {

    private static final int MAX_PAGE_SIZE = 200;

    private final DeadLetters deadLetters;
    private final RawArchive archive;
    private final Replays replays;
    private final Clock clock;

    public DeadLetterController(DeadLetters deadLetters, RawArchive archive, Replays replays, Clock clock) {
        this.deadLetters = deadLetters;
        this.archive = archive;
        this.replays = replays;
        this.clock = clock;
    }

    @GetMapping("/api/v1/dead-letters")
    public ResponseEntity<Map<String, Object>> list(@RequestParam(defaultValue = "OPEN") String status,
                                                    @RequestParam(defaultValue = "0") int page,
                                                    @RequestParam(defaultValue = "50") int size) {
        DeadLetters.Status wanted;
        try {
            wanted = DeadLetters.Status.valueOf(status.toUpperCase());
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "status is OPEN, REPLAYED or DISCARDED"));
        }
        if (page < 0 || page > Paging.MAX_PAGE || size < 1 || size > MAX_PAGE_SIZE) {
            return ResponseEntity.badRequest().body(Map.of("error",
                    Paging.PAGE_RANGE + "; size is between 1 and " + MAX_PAGE_SIZE));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", wanted);
        answer.put("page", page);
        answer.put("size", size);
        answer.put("total", deadLetters.count(wanted));
        answer.put("items", deadLetters.list(wanted, page * size, size));
        return ResponseEntity.ok(answer);
    }

    /** The dead letter with the Withings answers it holds, as received. */
    @GetMapping("/api/v1/dead-letters/{id}")
    public ResponseEntity<Map<String, Object>> show(@PathVariable long id) {
        return deadLetters.find(id).<ResponseEntity<Map<String, Object>>>map(letter -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("deadLetter", letter);
            List<Map<String, Object>> payload = archive.load(letter.rawResponseIds()).stream()
                    .map(stored -> Map.<String, Object>of("rawResponseId", stored.id(),
                            "call", stored.answer().call().toString(), "parameters", stored.answer().parameters(),
                            "body", stored.answer().body()))
                    .toList();
            answer.put("payload", payload);
            return ResponseEntity.ok(answer);
        }).orElseGet(() -> notFound(id));
    }

    @PostMapping("/api/v1/dead-letters/{id}/replay")
    public ResponseEntity<Map<String, Object>> replay(@PathVariable long id) {
        return deadLetters.find(id).<ResponseEntity<Map<String, Object>>>map(letter -> {
            Replays.Outcome outcome = replays.replay(letter);
            if (outcome.replayed()) {
                return ResponseEntity.ok(Map.of("id", id, "status", DeadLetters.Status.REPLAYED,
                        "observations", outcome.observations()));
            }
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("id", id, "error", outcome.failure()));
        }).orElseGet(() -> notFound(id));
    }

    @DeleteMapping("/api/v1/dead-letters/{id}")
    public ResponseEntity<Map<String, Object>> discard(@PathVariable long id) {
        if (deadLetters.find(id).isEmpty()) {
            return notFound(id);
        }
        return deadLetters.resolve(id, DeadLetters.Status.DISCARDED, clock.instant())
                ? ResponseEntity.ok(Map.of("id", id, "status", DeadLetters.Status.DISCARDED))
                : ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("id", id, "error",
                "dead letter " + id + " is no longer open"));
    }

    private static ResponseEntity<Map<String, Object>> notFound(long id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no dead letter " + id));
    }
}
