package org.iomtbridge.bridge.fhirwrite;

/** A batch the FHIR server did not take, after the retries its kind of failure allows. */
public final class FhirWriteException extends RuntimeException {

    private final boolean transientFailure;

    public FhirWriteException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    /**
     * True when the server was unavailable (5xx, 429, timeout) or did not accept the bridge's credentials (which an
     * operator fixes): the same batch may pass later, so its work waits.
     */
    public boolean transientFailure() {
        return transientFailure;
    }
}
