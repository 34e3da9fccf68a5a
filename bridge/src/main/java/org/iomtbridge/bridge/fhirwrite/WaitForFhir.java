package org.iomtbridge.bridge.fhirwrite;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;

import java.time.Duration;

/**
 * The failure handling of tasks that write FHIR: while the FHIR server is down (the writer's circuit breaker is open,
 * or the task failed for want of the server) the task waits one breaker pause and tries again, without using up its
 * backoff; any other failure gets exponential backoff.
 */
public final class WaitForFhir<T> implements FailureHandler<T> {

    private final FhirWriter writer;
    private final FailureHandler<T> otherwise;

    public WaitForFhir(FhirWriter writer, Duration firstBackoff) {
        this.writer = writer;
        this.otherwise = new FailureHandler.ExponentialBackoffFailureHandler<>(firstBackoff, 2.0);
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        boolean fhirDown = !writer.accepting() || complete.getCause()
                .filter(cause -> cause instanceof FhirWriteException failure && failure.transientFailure()).isPresent();
        if (fhirDown) {
            operations.reschedule(complete, complete.getTimeDone().plus(writer.pause()));
        } else {
            otherwise.onFailure(complete, operations);
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
