package org.iomtbridge.withings;

import java.util.OptionalInt;

/** The call did not get a Withings answer: connection failure, timeout, or an HTTP status other than 200. */
public final class WithingsTransportException extends WithingsException {

    private final OptionalInt httpStatus;

    WithingsTransportException(String message, OptionalInt httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The HTTP status when the server answered with one other than 200. */
    public OptionalInt httpStatus() {
        return httpStatus;
    }

    /** Network failures, timeouts, 429 and 5xx may pass on retry; other HTTP statuses mean a wrong base URL. */
    @Override
    public boolean retryable() {
        return httpStatus.isEmpty() || httpStatus.getAsInt() == 429 || httpStatus.getAsInt() >= 500;
    }
}
