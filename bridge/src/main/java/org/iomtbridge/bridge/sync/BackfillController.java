package org.iomtbridge.bridge.sync;

import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/**
 * {@code /api/v1/backfills}: how far the backfills are — the cohort's calls still needed and estimated finish, and
 * each patient's calls done and remaining with their own estimate (see {@link BackfillProgress} for how it is made).
 */
@RestController
class BackfillController {

    private static final String USER_ID = "\\d{1,20}";

    private final BackfillProgress progress;

    BackfillController(BackfillProgress progress) {
        this.progress = progress;
    }

    @GetMapping("/api/v1/backfills")
    public BackfillProgress.Cohort cohort() {
        return progress.cohort();
    }

    @GetMapping("/api/v1/backfills/{withingsUserId}")
    public BackfillProgress.Progress of(@PathVariable @Pattern(regexp = USER_ID, message = "a Withings user id is digits")
                                        String withingsUserId) {
        BackfillProgress.Progress found = progress.of(List.of(withingsUserId)).get(withingsUserId);
        if (found == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Withings user " + withingsUserId
                    + " has no backfill here");
        }
        return found;
    }
}
