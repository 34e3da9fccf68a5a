package org.iomtbridge.withings;

import java.util.List;

/**
 * The families of Withings' non-zero {@code status} codes. Withings answers HTTP 200 for every error and puts the
 * real outcome in the body; the family decides how a caller reacts.
 */
public enum StatusFamily {
    AUTHENTICATION_FAILED(false, "the access token is invalid, expired or revoked: refresh it, or ask the user to authorize again"),
    INVALID_PARAMETERS(false, "the request was rejected as invalid: check its parameters (503 is an expired or reused authorization code, 293 a callback URL Withings could not reach with HEAD)"),
    UNAUTHORIZED(false, "the application or user is not allowed this call: check the granted scopes and the application's plan"),
    NOT_IMPLEMENTED(false, "Withings does not implement this call for this account"),
    TOO_MANY_REQUESTS(true, "the application exceeded Withings' rate limit (120 requests per minute): pause calls for a while, then retry"),
    TIMEOUT(true, "Withings timed out: retry later"),
    BAD_STATE(false, "the resource is in a state that does not allow this call"),
    ERROR_OCCURRED(true, "Withings reported an internal error: retry later");

    private static final List<int[]> AUTHENTICATION = ranges(100, 102, 200, 200, 401, 401);
    private static final List<int[]> INVALID = ranges(
            201, 213, 216, 218, 220, 221, 223, 223, 225, 225, 227, 230, 234, 236, 238, 238, 240, 252, 254, 254,
            260, 267, 271, 272, 275, 276, 283, 288, 290, 290, 293, 295, 297, 297, 300, 304, 321, 321, 323, 353,
            380, 382, 400, 400, 501, 511, 523, 523, 532, 532, 3017, 3019);
    private static final List<int[]> NOT_ALLOWED = ranges(214, 214, 277, 277, 2553, 2553, 2555, 2555);

    private final boolean retryable;
    private final String advice;

    StatusFamily(boolean retryable, String advice) {
        this.retryable = retryable;
        this.advice = advice;
    }

    /** The family of a non-zero status; codes outside every documented family are {@link #ERROR_OCCURRED}. */
    public static StatusFamily of(int status) {
        if (status == 601) {
            return TOO_MANY_REQUESTS;
        }
        if (status == 522) {
            return TIMEOUT;
        }
        if (status == 524) {
            return BAD_STATE;
        }
        if (status == 2554) {
            return NOT_IMPLEMENTED;
        }
        if (within(AUTHENTICATION, status)) {
            return AUTHENTICATION_FAILED;
        }
        if (within(INVALID, status)) {
            return INVALID_PARAMETERS;
        }
        if (within(NOT_ALLOWED, status)) {
            return UNAUTHORIZED;
        }
        return ERROR_OCCURRED;
    }

    public boolean retryable() {
        return retryable;
    }

    /** What a caller should do about an error of this family. */
    public String advice() {
        return advice;
    }

    private static List<int[]> ranges(int... bounds) {
        List<int[]> ranges = new java.util.ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            ranges.add(new int[] {bounds[i], bounds[i + 1]});
        }
        return List.copyOf(ranges);
    }

    private static boolean within(List<int[]> ranges, int status) {
        return ranges.stream().anyMatch(range -> status >= range[0] && status <= range[1]);
    }
}
