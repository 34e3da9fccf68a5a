package org.iomtbridge.emulator.api;

/** A Withings error answer: HTTP 200 with a non-zero {@code status} and an {@code error} text. */
public final class WithingsError extends RuntimeException {

    private final int status;

    public WithingsError(int status, String error) {
        super(error);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static WithingsError invalidToken() {
        return new WithingsError(401, "XRequestID: Not provided invalid_token: The access token provided is invalid");
    }

    public static WithingsError invalidParams(String what) {
        return new WithingsError(503, "Invalid Params: " + what);
    }

    public static WithingsError tooManyRequests() {
        return new WithingsError(601, "Too Many Requests");
    }
}
