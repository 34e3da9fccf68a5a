package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the bridge knows of the server it writes to: its whole CapabilityStatement, read at start, again every
 * {@code iomt.fhir.capabilities-refresh}, and until it was first read whenever it is asked for (readiness, a write).
 * The whole statement is needed — a summary may leave out the interactions of each resource type — and is large
 * (about 1.5 MB from HAPI), so it is kept between reads rather than fetched by every health probe.
 */
public final class TargetServerWatch {

    private static final Logger LOG = LoggerFactory.getLogger(TargetServerWatch.class);
    /** Until the statement was read once, a new attempt is made at most this often. */
    private static final Duration RETRY_UNREAD = Duration.ofSeconds(5);

    /**
     * The target as last read.
     *
     * @param refusal why it cannot take what the bridge writes, naming what is missing and what to do; empty when it can
     */
    public record Known(TargetServer server, Bundle.BundleType bundleType, Optional<String> refusal, Instant readAt) {
    }

    private final Supplier<CapabilityStatement> statement;
    private final List<FhirWrites> writes;
    private final FhirWriterProperties properties;
    private final Clock clock;
    private Known known;
    private Instant lastAttempt = Instant.MIN;
    private String lastError = "not read yet";

    /**
     * @param statement reads the server's whole CapabilityStatement ({@link #reading(IGenericClient)})
     * @param writes    what the enabled features write, each declared by its feature
     */
    public TargetServerWatch(Supplier<CapabilityStatement> statement, List<FhirWrites> writes,
                             FhirWriterProperties properties, Clock clock) {
        this.statement = statement;
        this.writes = List.copyOf(writes);
        this.properties = properties;
        this.clock = clock;
    }

    /** Reads the whole statement at {@code [base]/metadata}. */
    public static Supplier<CapabilityStatement> reading(IGenericClient fhir) {
        return () -> fhir.fetchResourceFromUrl(CapabilityStatement.class,
                fhir.getServerBase().replaceAll("/+$", "") + "/metadata");
    }

    /**
     * The target as last read, read again first when that was longer ago than the refresh interval; empty while its
     * statement could never be read. When a new read fails, what was known stays.
     */
    public synchronized Optional<Known> current() {
        Instant now = clock.instant();
        boolean due = known == null ? !now.isBefore(lastAttempt.plus(RETRY_UNREAD))
                : !now.isBefore(known.readAt().plus(properties.capabilitiesRefresh()));
        if (due) {
            read(now);
        }
        return Optional.ofNullable(known);
    }

    /** Why the statement could not be read the last time, for readiness. */
    public synchronized String lastError() {
        return lastError;
    }

    /** Reads the statement now, as at start. */
    public synchronized Optional<Known> refresh() {
        read(clock.instant());
        return Optional.ofNullable(known);
    }

    private void read(Instant now) {
        lastAttempt = now;
        try {
            TargetServer server = TargetServer.of(statement.get());
            Optional<String> refusal = server.refusal(writes)
                    .map(reasons -> "The FHIR server at " + properties.baseUrl() + " cannot take what the bridge"
                            + " writes: " + reasons + ". Writes are held back until it can (its capability statement"
                            + " is read again every " + properties.capabilitiesRefresh() + ")");
            Known read = new Known(server, server.bundleType(properties.bundleType()), refusal, now);
            if (known == null || !known.refusal().equals(refusal) || known.bundleType() != read.bundleType()) {
                refusal.ifPresentOrElse(LOG::error, () -> LOG.info("The FHIR server at {} takes what the bridge"
                        + " writes; bundles are sent as {}", properties.baseUrl(), read.bundleType().toCode()));
            }
            known = read;
            lastError = "";
        } catch (RuntimeException e) {
            lastError = "the FHIR server did not answer its /metadata: " + e.getMessage();
            LOG.warn("Could not read the capability statement of the FHIR server at {}: {}", properties.baseUrl(),
                    e.getMessage());
        }
    }
}
