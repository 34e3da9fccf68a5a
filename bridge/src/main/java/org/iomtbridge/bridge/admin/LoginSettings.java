package org.iomtbridge.bridge.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How the dashboard's sign-in slows down and then locks out guessing, under {@code iomt.dashboard.login.*}. Failures
 * are counted per user name and per client address; each count drains again at {@code maxFailures} per
 * {@code lockDuration}, and a successful sign-in clears the user name's count.
 *
 * @param maxFailures           failures of one user name that lock it for {@code lockDuration}
 * @param maxFailuresPerAddress failures from one client address that lock it; higher, as a clinic's users may share
 *                              one address
 * @param lockDuration          how long a lock lasts; a locked user name or address refuses even the right password
 * @param freeFailures          failures answered at once; after them each failure is answered later
 * @param firstDelay            the delay of the first slowed failure; it doubles with each further one
 * @param maxDelay              the longest delay
 */
@ConfigurationProperties("iomt.dashboard.login")
public record LoginSettings(int maxFailures, int maxFailuresPerAddress, Duration lockDuration, int freeFailures,
                            Duration firstDelay, Duration maxDelay) {

    public LoginSettings {
        maxFailures = maxFailures <= 0 ? 10 : maxFailures;
        maxFailuresPerAddress = maxFailuresPerAddress <= 0 ? 50 : maxFailuresPerAddress;
        lockDuration = lockDuration == null || lockDuration.isNegative() || lockDuration.isZero()
                ? Duration.ofMinutes(15) : lockDuration;
        freeFailures = freeFailures < 0 ? 3 : freeFailures;
        firstDelay = firstDelay == null || firstDelay.isNegative() ? Duration.ofSeconds(1) : firstDelay;
        maxDelay = maxDelay == null || maxDelay.isNegative() ? Duration.ofSeconds(8) : maxDelay;
    }

    /** The delay before answering the {@code failures}-th failure in a row. */
    Duration delayAfter(long failures) {
        if (failures <= freeFailures || firstDelay.isZero()) {
            return Duration.ZERO;
        }
        long doublings = Math.min(failures - freeFailures - 1, 30);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
