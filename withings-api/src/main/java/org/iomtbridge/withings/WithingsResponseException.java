package org.iomtbridge.withings;

/**
 * Withings answered status 0 but the body cannot be read as the documented response: a required field is missing,
 * a value has the wrong type, or paging does not advance. Retrying the same call gives the same answer.
 */
public final class WithingsResponseException extends WithingsException {

    WithingsResponseException(String message) {
        super(message, null);
    }

    WithingsResponseException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
