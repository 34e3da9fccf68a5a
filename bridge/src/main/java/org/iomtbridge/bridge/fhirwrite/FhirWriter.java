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
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes resources as FHIR bundles of bounded size: {@code PUT} to each resource's deterministic id, so that a batch
 * written twice changes nothing, and a Provenance per batch naming what it came from. Server errors,
 * 429 and timeouts are retried with exponential backoff and jitter; other refusals fail at once. A circuit breaker
 * watches the server: while it is down, writes fail at once without trying, and {@link #accepting()} says so, so that
 * the work waits instead of spending its retries.
 * <p>
 * The target's capability statement ({@link TargetServerWatch}) decides the bundle type: a transaction where the
 * server takes them, else a batch. A batch is not atomic and its entries are checked one by one by the server, so it
 * is sent in waves — what a resource of the batch references goes in an earlier wave (Devices, then Observations,
 * then the Provenance) — and each entry's answer is read: a transient failure sends the wave again (the same PUTs
 * leave what passed as it is), a refusal fails the batch as a refused transaction does. A server that cannot take
 * what the bridge writes gets nothing: writes are held back, as while it is down. At most
 * {@code iomt.fhir.max-concurrent-writes} bundles are in flight at once, whichever threads send them.
 * <p>
 * Credentials the FHIR server or its authorization server do not accept (401, 403, a refused or unanswered token
 * request) hold the work back the same way, and {@link #authProblem()} says what to fix, until a write passes.
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
    private final TargetServerWatch target;
    private final TargetServer.BundleTypeSetting bundleType;
    private final Semaphore inFlight;

    public FhirWriter(IGenericClient client, FhirWriterProperties properties, MeterRegistry meters,
                      TargetServerWatch target) {
        this.client = client;
        this.meters = meters;
        this.target = target;
        this.bundleType = properties.bundleType();
        this.inFlight = new Semaphore(properties.maxConcurrentWrites(), true);
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

    /**
     * False while the circuit breaker holds writes back, after the server failed, or while the server's capability
     * statement says it cannot take what the bridge writes; true when writes may be tried.
     */
    public boolean accepting() {
        return breaker.getState() != CircuitBreaker.State.OPEN
                && target.current().flatMap(TargetServerWatch.Known::refusal).isEmpty();
    }

    /** Why the last write was refused for its credentials, naming the setting to check; empty once a write passed. */
    public Optional<String> authProblem() {
        return Optional.ofNullable(authProblem);
    }

    /**
     * Why writes wait now, for the people watching the pipeline: credentials refused (naming the setting), a server that
     * cannot take what the bridge writes, or a server that failed most of the last writes; empty while writes go.
     */
    public Optional<String> waitingFor() {
        return authProblem().or(() -> target.current().flatMap(TargetServerWatch.Known::refusal))
                .or(() -> breaker.getState() == CircuitBreaker.State.OPEN
                        ? Optional.of("the FHIR server failed most of the last writes; one is tried again every "
                        + pause.toSeconds() + " s (iomt.fhir.circuit-open-for)")
                        : Optional.empty());
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
            Bundle.BundleType type = bundleType();
            List<Resource> batch = new ArrayList<>(resources.subList(from, Math.min(resources.size(), from + batchSize)));
            List<Resource> all = new ArrayList<>(batch);
            Provenance provenance = provenanceFor.apply(batch);
            if (provenance != null) {
                all.add(provenance);
            }
            batches++;
            for (List<Resource> wave : type == Bundle.BundleType.TRANSACTION ? List.of(all) : waves(all)) {
                Bundle response = send(puts(type, wave), batches);
                for (Bundle.BundleEntryComponent entry : response.getEntry()) {
                    if (entry.getResponse().getStatus().startsWith("201")) {
                        created++;
                    } else {
                        replaced++;
                    }
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
        Bundle.BundleType type = bundleType();
        // A batch deletes each run of one type before the next, as the list orders them.
        List<List<String>> runs = type == Bundle.BundleType.TRANSACTION ? List.of(references) : runsOfOneType(references);
        for (List<String> run : runs) {
            for (int from = 0; from < run.size(); from += batchSize) {
                Bundle bundle = new Bundle().setType(type);
                for (String reference : run.subList(from, Math.min(run.size(), from + batchSize))) {
                    bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(reference);
                }
                send(bundle, ++batches);
            }
        }
        return references.size();
    }

    /** The bundle type for the target as last read; throws, as while the server is down, when it cannot take the writes. */
    private Bundle.BundleType bundleType() {
        return target.current().map(known -> {
            known.refusal().ifPresent(reason -> {
                throw new FhirWriteException(reason, true, null);
            });
            return known.bundleType();
        }).orElse(bundleType == TargetServer.BundleTypeSetting.BATCH ? Bundle.BundleType.BATCH
                : Bundle.BundleType.TRANSACTION);
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
                    () -> everyEntryPassed(inFlight(() -> client.transaction().withBundle(transaction).execute())))).get();
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
                        + refused.getMessage(), transientFailure(refused) || concurrentCreate(transaction, refused), e);
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
     * A read of the target server that writes depend on (a search for earlier readings), with the writes' failure
     * handling: credentials refused, or the server silent or failing (5xx, 429), throw a transient
     * {@link FhirWriteException}, so the task waits as it would for a write; another refusal throws a lasting one.
     *
     * @param what what is read, for the message: {@code "the search for earlier 29463-7 readings"}
     */
    public <T> T read(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            Optional<String> problem = authProblemOf(e);
            if (problem.isPresent()) {
                throw new FhirWriteException(what + " waits: " + problem.get(), true, e);
            }
            if (e instanceof FhirClientConnectionException) {
                throw new FhirWriteException("The FHIR server did not answer " + what + ": " + e.getMessage(), true, e);
            }
            if (e instanceof BaseServerResponseException refused) {
                throw new FhirWriteException("The FHIR server refused " + what + " with HTTP "
                        + refused.getStatusCode() + ": " + refused.getMessage(), transientFailure(refused), e);
            }
            throw e;
        }
    }

    /**
     * Writes records that need no Provenance of their own, such as AuditEvents (which are themselves the record of
     * who did what), in batches.
     */
    public Written writeRecords(List<? extends Resource> records) {
        return write(records, batch -> null);
    }

    private static Bundle puts(Bundle.BundleType type, List<Resource> resources) {
        Bundle bundle = new Bundle().setType(type);
        for (Resource resource : resources) {
            String url = reference(resource);
            bundle.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
        }
        return bundle;
    }

    private static String reference(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    /**
     * The resources in waves, in their order within each: a resource goes one wave after the latest of the resources
     * of this batch it references.
     */
    private List<List<Resource>> waves(List<Resource> resources) {
        Map<String, Resource> byReference = new LinkedHashMap<>();
        resources.forEach(resource -> byReference.put(reference(resource), resource));
        Map<String, Integer> waveOf = new HashMap<>();
        Map<Integer, List<Resource>> waves = new TreeMap<>();
        for (Resource resource : resources) {
            waves.computeIfAbsent(wave(resource, byReference, waveOf), wave -> new ArrayList<>()).add(resource);
        }
        return List.copyOf(waves.values());
    }

    private int wave(Resource resource, Map<String, Resource> byReference, Map<String, Integer> waveOf) {
        String self = reference(resource);
        Integer known = waveOf.get(self);
        if (known != null) {
            return known;
        }
        waveOf.put(self, 0); // a reference back to itself, or a cycle, adds no wave
        int wave = 0;
        for (Reference referenced : client.getFhirContext().newTerser()
                .getAllPopulatedChildElementsOfType(resource, Reference.class)) {
            Resource target = byReference.get(referenced.getReferenceElement().toUnqualifiedVersionless().getValue());
            if (target != null && target != resource) {
                wave = Math.max(wave, wave(target, byReference, waveOf) + 1);
            }
        }
        waveOf.put(self, wave);
        return wave;
    }

    private static List<List<String>> runsOfOneType(List<String> references) {
        List<List<String>> runs = new ArrayList<>();
        String runType = null;
        for (String reference : references) {
            String type = reference.substring(0, reference.indexOf('/') + 1);
            if (!type.equals(runType)) {
                runs.add(new ArrayList<>());
                runType = type;
            }
            runs.get(runs.size() - 1).add(reference);
        }
        return runs;
    }

    /** Sends a bundle once a place among the bundles in flight is free. */
    private Bundle inFlight(Supplier<Bundle> send) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirWriteException("Interrupted while waiting to send a bundle to the FHIR server", true, e);
        }
        try {
            return send.get();
        } finally {
            inFlight.release();
        }
    }

    /**
     * A batch's answer, unless an entry failed: then the failure of that entry, a transient one first (so that the
     * wave is sent again), as the server's answer to the whole bundle would be. A transaction's entries all passed.
     */
    private static Bundle everyEntryPassed(Bundle answer) {
        Bundle.BundleEntryComponent failed = null;
        for (Bundle.BundleEntryComponent entry : answer.getEntry()) {
            int status = status(entry);
            if (status >= 300 && (failed == null || transientStatus(status) && !transientStatus(status(failed)))) {
                failed = entry;
            }
        }
        if (failed == null) {
            return answer;
        }
        StringBuilder message = new StringBuilder("an entry of the batch failed (" + failed.getResponse().getStatus()
                + ")");
        if (failed.getResponse().getOutcome() instanceof OperationOutcome outcome) {
            outcome.getIssue().forEach(issue -> message.append(": ").append(issue.getDiagnostics()));
        }
        throw BaseServerResponseException.newInstance(status(failed), message.toString());
    }

    private static int status(Bundle.BundleEntryComponent entry) {
        String status = entry.getResponse().getStatus();
        try {
            return Integer.parseInt(status == null ? "" : status.trim().split(" ", 2)[0]);
        } catch (NumberFormatException e) {
            return 500;
        }
    }

    private static boolean transientStatus(int status) {
        return status >= 500 || status == 429 || status == 409;
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

    /**
     * A 409 that outlasted the retries while only writing: another writer (a live sync beside a backfill page) is still
     * creating the same Devices. The bridge makes no conditional writes, so nothing else answers 409 to a PUT; the task
     * tries again later rather than leaving the readings in a dead letter. A DELETE's 409 (a reference from elsewhere)
     * stays a refusal.
     */
    private static boolean concurrentCreate(Bundle bundle, BaseServerResponseException refused) {
        return refused.getStatusCode() == 409 && bundle.getEntry().stream()
                .allMatch(entry -> entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT);
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
