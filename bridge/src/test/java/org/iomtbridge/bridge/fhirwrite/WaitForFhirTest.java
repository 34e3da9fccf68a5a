package org.iomtbridge.bridge.fhirwrite;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A failing task tries again after a pause that doubles, and never waits longer than five minutes. */
class WaitForFhirTest {

    @Test
    void thePauseDoublesAfterEachFailureUpToFiveMinutes() {
        Duration first = Duration.ofSeconds(5);
        assertThat(WaitForFhir.backoff(first, 1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(WaitForFhir.backoff(first, 2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(WaitForFhir.backoff(first, 6)).isEqualTo(Duration.ofSeconds(160));
        assertThat(WaitForFhir.backoff(first, 7)).as("320 s, capped").isEqualTo(Duration.ofMinutes(5));
        assertThat(WaitForFhir.backoff(first, 40)).isEqualTo(Duration.ofMinutes(5));
    }
}
