package org.iomtbridge.withings;

import java.time.Duration;

/** Hears how each call ended and how long it took: for metrics. It never sees parameters, tokens or bodies. */
@FunctionalInterface
public interface CallObserver {

    CallObserver NONE = (call, outcome, took) -> { };

    /** The outcome of a call that succeeded. */
    String SUCCEEDED = "status 0";

    /**
     * @param outcome {@code status 0} (success), {@code status 601} (another Withings status), {@code http 503} (an
     *                HTTP status other than 200), {@code no answer} (network or timeout), or {@code unreadable}
     * @param took    from sending to the answer read
     */
    void answered(WithingsCall call, String outcome, Duration took);
}
