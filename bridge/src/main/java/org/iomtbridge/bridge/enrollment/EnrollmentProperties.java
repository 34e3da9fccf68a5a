package org.iomtbridge.bridge.enrollment;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How patients enroll, under {@code iomt.enrollment.*}.
 *
 * @param linkLifetime  how long an enrollment link works
 * @param stateLifetime how long the patient has on Withings' page before the OAuth state expires
 * @param selfService   anyone may enroll at {@code /join}: their FHIR Patient is created once they consented
 */
@ConfigurationProperties("iomt.enrollment")
public record EnrollmentProperties(Duration linkLifetime, Duration stateLifetime, boolean selfService) {

    public EnrollmentProperties {
        linkLifetime = linkLifetime == null ? Duration.ofDays(7) : linkLifetime;
        stateLifetime = stateLifetime == null ? Duration.ofMinutes(15) : stateLifetime;
    }
}
