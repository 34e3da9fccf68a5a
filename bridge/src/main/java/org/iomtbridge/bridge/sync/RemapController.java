package org.iomtbridge.bridge.sync;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Priority;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/remap}: after a mapping fix, writes FHIR again from the archived Withings answers of one user or
 * of all, in a time window. It runs as durable tasks, one per user; ids are deterministic, so nothing is duplicated.
 */
@RestController
class RemapController {

    /** Every field optional: all linked users, the whole archive. */
    public record RemapRequest(String withingsUserId, String from, String to) {
    }

    private final SchedulerClient scheduler;
    private final AccountStore accounts;
    private final Clock clock;

    public RemapController(@Lazy SchedulerClient scheduler, AccountStore accounts, Clock clock) {
        this.scheduler = scheduler;
        this.accounts = accounts;
        this.clock = clock;
    }

    @PostMapping("/api/v1/remap")
    public ResponseEntity<Map<String, Object>> remap(@RequestBody(required = false) RemapRequest request) {
        RemapRequest wanted = request == null ? new RemapRequest(null, null, null) : request;
        Instant from;
        Instant to;
        try {
            from = wanted.from() == null ? Instant.EPOCH : Instant.parse(wanted.from());
            to = wanted.to() == null ? clock.instant() : Instant.parse(wanted.to());
        } catch (DateTimeParseException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "from and to are instants like 2026-11-01T00:00:00Z"));
        }
        if (!from.isBefore(to)) {
            return ResponseEntity.badRequest().body(Map.of("error", "from must be before to"));
        }
        List<String> users;
        if (wanted.withingsUserId() != null) {
            if (accounts.find(wanted.withingsUserId()).isEmpty()) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
                        "Withings user " + wanted.withingsUserId() + " is linked to no patient"));
            }
            users = List.of(wanted.withingsUserId());
        } else {
            users = accounts.linkedUsers();
        }
        for (String user : users) {
            RemapWindow window = new RemapWindow(user, from, to);
            scheduler.scheduleIfNotExists(SyncTasks.REMAP_USER.instance(window.taskInstanceId()).data(window)
                    .priority(Priority.LOW).scheduledTo(clock.instant()));
        }
        return ResponseEntity.accepted().body(Map.of("users", users, "from", from.toString(), "to", to.toString()));
    }
}
