package org.iomtbridge.withings;

/**
 * Withings answered with a non-zero {@code status}. Subclasses name the family, so a caller catches what it can
 * handle; {@link #status()} and {@link #errorText()} hold what Withings said, with every secret of the request
 * removed.
 */
public abstract sealed class WithingsApiException extends WithingsException
        permits WithingsApiException.AuthenticationFailed, WithingsApiException.InvalidParameters,
        WithingsApiException.Unauthorized, WithingsApiException.NotImplemented, WithingsApiException.TooManyRequests,
        WithingsApiException.Timeout, WithingsApiException.BadState, WithingsApiException.ErrorOccurred {

    private final String call;
    private final int status;
    private final String errorText;

    private WithingsApiException(String call, int status, String errorText) {
        super(call + " failed with Withings status " + status + " (" + StatusFamily.of(status).name().toLowerCase().replace('_', ' ')
                + ")" + (errorText.isEmpty() ? "" : ": " + errorText) + " — " + WithingsCall.advice(call, StatusFamily.of(status)),
                null);
        this.call = call;
        this.status = status;
        this.errorText = errorText;
    }

    static WithingsApiException of(String call, int status, String errorText) {
        return switch (StatusFamily.of(status)) {
            case AUTHENTICATION_FAILED -> new AuthenticationFailed(call, status, errorText);
            case INVALID_PARAMETERS -> new InvalidParameters(call, status, errorText);
            case UNAUTHORIZED -> new Unauthorized(call, status, errorText);
            case NOT_IMPLEMENTED -> new NotImplemented(call, status, errorText);
            case TOO_MANY_REQUESTS -> new TooManyRequests(call, status, errorText);
            case TIMEOUT -> new Timeout(call, status, errorText);
            case BAD_STATE -> new BadState(call, status, errorText);
            case ERROR_OCCURRED -> new ErrorOccurred(call, status, errorText);
        };
    }

    /** What failed: the call as service and action, for example {@code /measure getmeas}, or the saved answer. */
    public String call() {
        return call;
    }

    public int status() {
        return status;
    }

    public String errorText() {
        return errorText;
    }

    public StatusFamily family() {
        return StatusFamily.of(status);
    }

    @Override
    public boolean retryable() {
        return family().retryable();
    }

    /** 100–102, 200, 401: the token is invalid, expired or revoked. */
    public static final class AuthenticationFailed extends WithingsApiException {
        AuthenticationFailed(String call, int status, String errorText) {
            super(call, status, errorText);
        }
    }

    /** The request's parameters were rejected; includes 503 (bad authorization code) and 293 (callback URL). */
    public static final class InvalidParameters extends WithingsApiException {
        InvalidParameters(String call, int status, String errorText) {
            super(call, status, errorText);
        }
    }

    /** The application or user may not make this call. */
    public static final class Unauthorized extends WithingsApiException {
        Unauthorized(String call, int status, String errorText) {
            super(call, status, errorText);
        }
    }

    /** 2554: not implemented. */
    public static final class NotImplemented extends WithingsApiException {
        NotImplemented(String call, int status, String errorText) {
            super(call, status, errorText);
        }
    }

    /** 601: the application-wide rate limit was exceeded. Withings gives no Retry-After. */
    public static final class TooManyRequests extends WithingsApiException {
        TooManyRequests(String call, int status, String errorText) {
            super(call, status, errorText);
        }
    }

    /** 522: Withings timed out. */
    public static final class Timeout extends WithingsApiException {
        Timeout(String call, int status, String errorText) {
            super(call, status, errorText);
        }
    }

    /** 524: bad state. */
    public static final class BadState extends WithingsApiException {
        BadState(String call, int status, String errorText) {
            super(call, status, errorText);
        }
    }

    /** Any other status: an error occurred on Withings' side. */
    public static final class ErrorOccurred extends WithingsApiException {
        ErrorOccurred(String call, int status, String errorText) {
            super(call, status, errorText);
        }
    }
}
