package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Writes resources as FHIR transaction bundles of bounded size: {@code PUT} to each resource's deterministic id, so
 * that a batch written twice changes nothing, and a Provenance per batch naming what it came from. Server errors,
 * 429 and timeouts are retried with exponential backoff and jitter; other refusals fail at once.
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

    public FhirWriter(IGenericClient client, FhirWriterProperties properties) {
        this.client = client;
        this.batchSize = properties.batchSize();
        this.retry = Retry.of("fhir-write", RetryConfig.custom()
                .maxAttempts(properties.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(properties.firstBackoff(), 2.0, 0.5,
                        properties.maxBackoff()))
                .retryOnException(FhirWriter::transientFailure)
                .build());
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
        try {
            return Retry.decorateSupplier(retry, () -> client.transaction().withBundle(transaction).execute()).get();
        } catch (FhirClientConnectionException e) {
            throw new FhirWriteException("The FHIR server did not answer batch " + number + " after "
                    + retry.getRetryConfig().getMaxAttempts() + " attempts: " + e.getMessage(), true, e);
        } catch (BaseServerResponseException e) {
            throw new FhirWriteException("The FHIR server refused batch " + number + " of " + transaction.getEntry().size()
                    + " resources with HTTP " + e.getStatusCode() + ": " + e.getMessage(), transientFailure(e), e);
        }
    }

    private static Bundle transaction(List<Resource> batch, Provenance provenance) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        List<Resource> all = new ArrayList<>(batch);
        all.add(provenance);
        for (Resource resource : all) {
            String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            bundle.addEntry().setFullUrl(url).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
        }
        return bundle;
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
