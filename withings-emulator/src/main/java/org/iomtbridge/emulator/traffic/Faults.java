package org.iomtbridge.emulator.traffic;

/**
 * Faults injected into the API, set with {@code PUT /_emulator/faults}.
 *
 * @param errorRate       share of API calls answered HTTP 500, from 0 to 1
 * @param latencyMillis   delay added to every API call
 * @param outage          every API call answered HTTP 503
 * @param storm601Seconds for this many seconds from now, every API call answered status 601
 */
public record Faults(double errorRate, long latencyMillis, boolean outage, long storm601Seconds) {

    public static final Faults NONE = new Faults(0, 0, false, 0);

    public Faults {
        if (errorRate < 0 || errorRate > 1) {
            throw new IllegalArgumentException("errorRate must be between 0 and 1, was " + errorRate);
        }
        if (latencyMillis < 0 || latencyMillis > 120_000) {
            throw new IllegalArgumentException("latencyMillis must be between 0 and 120000, was " + latencyMillis);
        }
        if (storm601Seconds < 0) {
            throw new IllegalArgumentException("storm601Seconds must not be negative, was " + storm601Seconds);
        }
    }
}
