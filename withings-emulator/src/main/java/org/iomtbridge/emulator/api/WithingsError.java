package org.iomtbridge.emulator.api;

import java.util.Map;

/** A Withings error answer: HTTP 200 with a non-zero {@code status} and an {@code error} text. */
public final class WithingsError extends RuntimeException {

    private final int status;
    private final Map<String, ?> body;

    public WithingsError(int status, String error) {
        this(status, error, Map.of());
    }

    /** An error whose body says more, as createuserorder names the orders whose address failed. */
    public WithingsError(int status, String error, Map<String, ?> body) {
        super(error);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public Map<String, ?> body() {
        return body;
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
