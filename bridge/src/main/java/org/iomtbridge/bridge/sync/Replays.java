package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.archive.DeadLetters;
import org.iomtbridge.bridge.archive.RawArchive;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.withings.WithingsCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Maps and writes archived Withings answers again, with the mapping and the FHIR server as they are now: a dead letter
 * after its cause was fixed, or a whole window of a user's answers after a mapping fix (a remap). Resource ids are
 * deterministic, so what was written before is replaced, never duplicated.
 */
@Service
public class Replays {

    private static final Logger LOG = LoggerFactory.getLogger(Replays.class);
    private static final int ANSWERS_PER_ROUND = 200;

    /** What a replay did: {@code failure} is empty when it succeeded. */
    public record Outcome(boolean replayed, int observations, String failure) {
    }

    private final DeadLetters deadLetters;
    private final RawArchive archive;
    private final MappedWrites writes;
    private final AccountStore accounts;
    private final Reconciliation reconciliation;
    private final Clock clock;

    public Replays(DeadLetters deadLetters, RawArchive archive, MappedWrites writes, AccountStore accounts,
                   Reconciliation reconciliation, Clock clock) {
        this.deadLetters = deadLetters;
        this.archive = archive;
        this.writes = writes;
        this.accounts = accounts;
        this.reconciliation = reconciliation;
        this.clock = clock;
    }

    /** Replays an open dead letter; a failure is counted on it and it stays open. */
    public Outcome replay(DeadLetters.DeadLetter letter) {
        if (letter.status() != DeadLetters.Status.OPEN) {
            return new Outcome(false, 0, "dead letter " + letter.id() + " is " + letter.status() + ", not open");
        }
        try {
            String patient = patientOf(letter.withingsUserId());
            MappedWrites.Written result = writes.writeAnswers(letter.withingsUserId(), patient,
                    archive.load(letter.rawResponseIds()), "replay of dead letter " + letter.id() + ": Withings "
                            + letter.kind().name().toLowerCase() + " of user " + letter.withingsUserId());
            int written = result.mapped().observations().size();
            if (!result.rejected().isEmpty()) {
                String reason = result.rejected().get(0).reason();
                deadLetters.failedAgain(letter.id(), reason, clock.instant());
                return new Outcome(false, written, reason);
            }
            if (!deadLetters.resolve(letter.id(), DeadLetters.Status.REPLAYED, clock.instant())) {
                return new Outcome(false, written, "dead letter " + letter.id() + " was resolved meanwhile");
            }
            LOG.info("Dead letter {} replayed: {} observations written", letter.id(), written);
            return new Outcome(true, written, "");
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            deadLetters.failedAgain(letter.id(), reason, clock.instant());
            return new Outcome(false, 0, reason);
        }
    }

    /**
     * Maps and writes again every answer of the user received in the window, oldest first, then reconciles, so that
     * measures deleted in Withings since stay {@code entered-in-error}.
     *
     * @return the observations written
     */
    public int remap(String withingsUserId, Instant from, Instant to) {
        String patient = patientOf(withingsUserId);
        List<RawArchive.Entry> entries = archive.between(withingsUserId, from, to);
        int written = 0;
        int start = 0;
        while (start < entries.size()) {
            int end = Math.min(entries.size(), start + ANSWERS_PER_ROUND);
            // A waveform is dated by the heart list before it: a round does not end between them.
            while (end < entries.size() && entries.get(end).call() == WithingsCall.HEART_GET) {
                end++;
            }
            List<RawArchive.Stored> round = archive.load(entries.subList(start, end).stream()
                    .map(RawArchive.Entry::id).toList());
            MappedWrites.Written result = writes.writeAnswers(withingsUserId, patient, round,
                    "remap of Withings answers of user " + withingsUserId);
            written += result.mapped().observations().size();
            result.rejected().forEach(unreadable -> LOG.warn("Remap of Withings user {}: raw_response {} left out: {}",
                    withingsUserId, unreadable.answerIds(), unreadable.reason()));
            start = end;
        }
        accounts.find(withingsUserId).filter(account -> account.status() == AccountStatus.ACTIVE)
                .ifPresent(account -> reconciliation.reconcile(withingsUserId));
        LOG.info("Remapped {} Withings answers of user {} from {} to {}: {} observations written", entries.size(),
                withingsUserId, from, to, written);
        return written;
    }

    private String patientOf(String withingsUserId) {
        return accounts.find(withingsUserId).orElseThrow(() -> new IllegalStateException(
                "Withings user " + withingsUserId + " is linked to no patient")).patientReference();
    }
}
