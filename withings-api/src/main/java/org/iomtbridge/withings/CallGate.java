package org.iomtbridge.withings;

/**
 * Lets each call out when Withings' application-wide rate limit allows it. The limit is shared by every client of the
 * application — every thread, every instance — so the gate lives outside the client: a shared token bucket, for
 * example.
 */
public interface CallGate {

    /** No gate: every call goes out at once. */
    CallGate OPEN = new CallGate() {
        @Override
        public void enter(WithingsCall call) {
        }
    };

    /** Returns when the call may be sent; waits as long as needed. */
    void enter(WithingsCall call);

    /** Withings answered status 601 (too many requests) all the same: every caller should hold back for a while. */
    default void limitReached(WithingsCall call) {
    }
}
