package org.iomtbridge.emulator.traffic;

/**
 * Faults injected into the API, set with {@code PUT /_emulator/faults}.
 *
 * @param errorRate       share of API calls answered HTTP 500, from 0 to 1
 * @param latencyMillis   delay added to every API call
 * @param outage          every API call answered HTTP 503
 * @param storm601Seconds for this many seconds from now, every API call answered status 601
 * @param notifyLatencyMillis delay added to every notify call (subscribe, list, revoke …) only: a slow subscription,
 *                        the HEAD probe of the callback included, while the data calls answer at once
 */
public record Faults(double errorRate, long latencyMillis, boolean outage, long storm601Seconds,
                     long notifyLatencyMillis) {

    public static final Faults NONE = new Faults(0, 0, false, 0, 0);

    public Faults {
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("errorRate must be between 0 and 1, was " + errorRate);
        }
        if (latencyMillis < 0 || latencyMillis > 120_000) {
            throw new IllegalArgumentException("latencyMillis must be between 0 and 120000, was " + latencyMillis);
        }
        if (notifyLatencyMillis < 0 || notifyLatencyMillis > 120_000) {
            throw new IllegalArgumentException("notifyLatencyMillis must be between 0 and 120000, was "
                    + notifyLatencyMillis);
        }
        if (storm601Seconds < 0) {
            throw new IllegalArgumentException("storm601Seconds must not be negative, was " + storm601Seconds);
        }
    }
}
