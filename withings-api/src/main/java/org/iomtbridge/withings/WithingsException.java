package org.iomtbridge.withings;

/**
 * Base of every failure of a Withings call. Messages name the call and what to do; they never contain a token,
 * a client secret or an authorization code.
 */
public abstract class WithingsException extends RuntimeException {

    protected WithingsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the same call may succeed later without any change (rate limit, timeout, server trouble). */
    public abstract boolean retryable();
}
