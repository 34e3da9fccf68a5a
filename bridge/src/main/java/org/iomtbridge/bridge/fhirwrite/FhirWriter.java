package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Writes resources as FHIR transaction bundles of bounded size: {@code PUT} to each resource's deterministic id, so
 * that a batch written twice changes nothing, and a Provenance per batch naming what it came from. Server errors,
 * 429 and timeouts are retried with exponential backoff and jitter; other refusals fail at once. A circuit breaker
 * watches the server: while it is down, writes fail at once without trying, and {@link #accepting()} says so, so that
 * the work waits instead of spending its retries. Credentials the FHIR server or its authorization server do not accept
 * (401, 403, a refused or unanswered token request) hold the work back the same way, and {@link #authProblem()} says
 * what to fix, until a write passes.
 */
public final class FhirWriter {

    private static final Logger LOG = LoggerFactory.getLogger(FhirWriter.class);

    /**
     * What writing did.
     *
     * @param created  resources the server did not have
     * @param replaced resources it had: changed (a new version) or unchanged (no new version, HAPI detects no-ops)
     */
    public record Written(int batches, int created, int replaced) {
    }

    private final IGenericClient client;
    private final int batchSize;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final Duration pause;
    private volatile String authProblem;

    public FhirWriter(IGenericClient client, FhirWriterProperties properties, MeterRegistry meters) {
        this.client = client;
        this.meters = meters;
        this.batchSize = properties.batchSize();
        this.retry = Retry.of("fhir-write", RetryConfig.custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(properties.firstBackoff(), 2.0, 0.5,
                        properties.maxBackoff()))
                .retryOnException(FhirWriter::worthRetrying)
                .build());
        this.pause = properties.circuitOpenFor();
        this.breaker = CircuitBreaker.of("fhir-server", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(properties.circuitOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(FhirWriter::unavailable)
                .build());
    }

    /** False while the circuit breaker holds writes back, after the server failed; true when writes may be tried. */
    public boolean accepting() {
        return breaker.getState() != CircuitBreaker.State.OPEN;
    }

    /** Why the last write was refused for its credentials, naming the setting to check; empty once a write passed. */
    public Optional<String> authProblem() {
        return Optional.ofNullable(authProblem);
    }

    /** How long the breaker holds writes back once open, before it lets one through to try. */
    public Duration pause() {
        return pause;
    }

    /**
     * Writes the resources (devices before what references them, as given) in batches, each with the Provenance
     * {@code provenanceFor} makes for its resources.
     *
     * @throws FhirWriteException naming the batch and the server's answer when a batch is refused
     */
    public Written write(List<? extends Resource> resources, Function<List<Resource>, Provenance> provenanceFor) {
        int created = 0;
        int replaced = 0;
        int batches = 0;
        for (int from = 0; from < resources.size(); from += batchSize) {
            List<Resource> batch = new ArrayList<>(resources.subList(from, Math.min(resources.size(), from + batchSize)));
            Bundle transaction = transaction(batch, provenanceFor.apply(batch));
            Bundle response = send(transaction, batches + 1);
            batches++;
            for (Bundle.BundleEntryComponent entry : response.getEntry()) {
                if (entry.getResponse().getStatus().startsWith("201")) {
                    created++;
                } else {
                    replaced++;
                }
            }
        }
        return new Written(batches, created, replaced);
    }

    /**
     * Deletes the resources, given as {@code Type/id}, in batches; what references another comes before it in the list.
     *
     * @return how many were deleted
     */
    public int delete(List<String> references) {
        int batches = 0;
        for (int from = 0; from < references.size(); from += batchSize) {
            Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            for (String reference : references.subList(from, Math.min(references.size(), from + batchSize))) {
                transaction.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(reference);
            }
            send(transaction, ++batches);
        }
        return references.size();
    }

    private Bundle send(Bundle transaction, int number) {
        Timer.Sample started = Timer.start(meters);
        String outcome = "refused";
        try {
            Bundle answer = attempt(transaction, number);
            outcome = "ok";
            meters.counter("iomt.fhir.resources.written").increment(transaction.getEntry().size());
            return answer;
        } catch (FhirWriteException e) {
            outcome = e.transientFailure() ? "unavailable" : "refused";
            throw e;
        } finally {
            started.stop(meters.timer("iomt.fhir.writes", "outcome", outcome));
        }
    }

    private Bundle attempt(Bundle transaction, int number) {
        try {
            Bundle answer = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker,
                    () -> client.transaction().withBundle(transaction).execute())).get();
            authProblem = null;
            return answer;
        } catch (CallNotPermittedException e) {
            throw new FhirWriteException("The FHIR server failed recently; batch " + number + " waits until it answers"
                    + " again (circuit breaker open)" + authProblem().map(problem -> ": " + problem).orElse(""), true, e);
        } catch (RuntimeException e) {
            Optional<String> problem = authProblemOf(e);
            if (problem.isPresent()) {
                if (!problem.get().equals(authProblem)) {
                    LOG.warn("FHIR writes wait for their credentials to be fixed: {}", problem.get());
                }
                authProblem = problem.get();
                throw new FhirWriteException("Batch " + number + " waits: " + problem.get(), true, e);
            }
            if (e instanceof FhirClientConnectionException) {
                throw new FhirWriteException("The FHIR server did not answer batch " + number + " after "
                        + retry.getRetryConfig().getMaxAttempts() + " attempts: " + e.getMessage(), true, e);
            }
            if (e instanceof BaseServerResponseException refused) {
                throw new FhirWriteException("The FHIR server refused batch " + number + " of "
                        + transaction.getEntry().size() + " resources with HTTP " + refused.getStatusCode() + ": "
                        + refused.getMessage(), transientFailure(refused), e);
            }
            throw e;
        }
    }

    /**
     * What to fix when the failure is about credentials: the token endpoint's refusal or silence (which HAPI may wrap
     * as a connection failure), or the FHIR server's 401 or 403.
     */
    private static Optional<String> authProblemOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FhirAuthException auth) {
                return Optional.of(auth.getMessage());
            }
        }
        if (failure instanceof BaseServerResponseException response && response.getStatusCode() == 401) {
            return Optional.of("the FHIR server did not accept the bridge's credentials (HTTP 401); check"
                    + " iomt.fhir.auth.type and its settings, and that the FHIR server trusts their issuer");
        }
        if (failure instanceof BaseServerResponseException response && response.getStatusCode() == 403) {
            return Optional.of("the FHIR server refused the bridge's writes (HTTP 403): its credentials lack the"
                    + " permission; grant the client system/*.read and system/*.write (or the scopes of each resource"
                    + " type it writes) and ask for them in iomt.fhir.auth.scope");
        }
        return Optional.empty();
    }

    /**
     * Writes records that need no Provenance of their own, such as AuditEvents (which are themselves the record of
     * who did what), in batches.
     */
    public Written writeRecords(List<? extends Resource> records) {
        return write(records, batch -> null);
    }

    private static Bundle transaction(List<Resource> batch, Provenance provenance) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        List<Resource> all = new ArrayList<>(batch);
        if (provenance != null) {
            all.add(provenance);
        }
        for (Resource resource : all) {
            String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            bundle.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
        }
        return bundle;
    }

    /** What says writes cannot pass now, as the breaker counts it: no answer, 5xx, 429, credentials not accepted. */
    private static boolean unavailable(Throwable failure) {
        return authProblemOf(failure).isPresent() || failure instanceof FhirClientConnectionException
                || failure instanceof BaseServerResponseException response
                && (response.getStatusCode() >= 500 || response.getStatusCode() == 429);
    }

    /**
     * A transient failure, a 401 (the token, expired at the server, was dropped: the next attempt has a new one), or a
     * 409: HAPI refuses a transaction that creates a resource another request is creating
     * at the same moment — typically this writer's own earlier attempt, timed out here but still committing there.
     * Tried again, the same PUTs find the resources and leave them as they are. A 409 that persists is a refusal.
     */
    private static boolean worthRetrying(Throwable failure) {
        if (failure instanceof BaseServerResponseException response && response.getStatusCode() == 401) {
            // The token was dropped by this answer; the next attempt asks for a new one.
            return true;
        }
        if (failure instanceof BaseServerResponseException response && response.getStatusCode() == 409) {
            LOG.warn("FHIR server answered HTTP 409 (a concurrent write of the same resources), retrying: {}",
                    response.getMessage());
            return true;
        }
        return transientFailure(failure);
    }

    private static boolean transientFailure(Throwable failure) {
        if (failure instanceof FhirClientConnectionException) {
            LOG.warn("FHIR server unreachable, retrying: {}", failure.getMessage());
            return true;
        }
        if (failure instanceof BaseServerResponseException response) {
            boolean retry = response.getStatusCode() >= 500 || response.getStatusCode() == 429;
            if (retry) {
                LOG.warn("FHIR server answered HTTP {}, retrying", response.getStatusCode());
            }
            return retry;
        }
        return false;
    }
}
