package org.iomtbridge.bridge.fhirwrite;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;

import java.time.Duration;

/**
 * The failure handling of tasks that write FHIR: while the FHIR server is down (the writer's circuit breaker is open,
 * or the task failed for want of the server) the task waits one breaker pause and tries again, without using up its
 * backoff; any other failure gets exponential backoff up to {@link #LONGEST_BACKOFF}.
 */
public final class WaitForFhir<T> implements FailureHandler<T> {

    /**
     * The longest pause between two tries: a user's sync is one task, and the notifications that arrive while it fails
     * wait for its next try, so an hour of failures must not put the next one hours away.
     */
    static final Duration LONGEST_BACKOFF = Duration.ofMinutes(5);

    private final FhirWriter writer;
    private final Duration firstBackoff;

    public WaitForFhir(FhirWriter writer, Duration firstBackoff) {
        this.writer = writer;
        this.firstBackoff = firstBackoff;
    }

    /** The pause after this many failures in a row, the latest included. */
    static Duration backoff(Duration first, int consecutiveFailures) {
        double pause = first.toMillis() * Math.pow(2.0, Math.max(0, consecutiveFailures - 1));
        return Duration.ofMillis((long) Math.min(pause, LONGEST_BACKOFF.toMillis()));
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        boolean fhirDown = !writer.accepting() || complete.getCause()
                .filter(cause -> cause instanceof FhirWriteException failure && failure.transientFailure()).isPresent();
        if (fhirDown) {
            operations.reschedule(complete, complete.getTimeDone().plus(writer.pause()));
        } else {
            int failures = complete.getExecution().consecutiveFailures + 1;
            operations.reschedule(complete, complete.getTimeDone().plus(backoff(firstBackoff, failures)));
        }
    }

    /** Throws when writes are held back, so that a task does not start work it cannot finish. */
    public static void requireAccepting(FhirWriter writer) {
        if (!writer.accepting()) {
            throw new FhirWriteException("The FHIR server failed recently: the task waits (circuit breaker open)", true,
                    null);
        }
    }
}
