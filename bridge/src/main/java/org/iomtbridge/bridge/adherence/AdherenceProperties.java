package org.iomtbridge.bridge.adherence;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param periodDays   the rolling period adherence is counted over, in days (30: a US remote-monitoring billing period)
 * @param requiredDays the days with a reading a patient needs in the period (16 for the US RPM device-supply codes)
 * @param warnDays     a patient who would fall below the required days within this many days without a new reading
 *                     needs attention too
 */
@ConfigurationProperties("iomt.adherence")
public record AdherenceProperties(Integer periodDays, Integer requiredDays, Integer warnDays) {

    public AdherenceProperties {
        periodDays = periodDays == null ? 30 : periodDays;
        requiredDays = requiredDays == null ? 16 : requiredDays;
        warnDays = warnDays == null ? 3 : warnDays;
        if (periodDays < 1 || periodDays > 366 || requiredDays < 1 || requiredDays > periodDays || warnDays < 0
                || warnDays > periodDays) {
            throw new IllegalArgumentException("iomt.adherence: period-days 1 to 366, required-days 1 to the period,"
                    + " warn-days 0 to the period");
        }
    }
}
