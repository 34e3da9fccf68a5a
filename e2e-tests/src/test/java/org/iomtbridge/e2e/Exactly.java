package org.iomtbridge.e2e;

import org.iomtbridge.bridge.support.EmulatorControl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The check after every step: FHIR holds exactly what the emulator holds, for each patient. */
final class Exactly {

    private Exactly() {
    }

    /** Waits, within the bound, until FHIR holds exactly what the emulator holds now; then shows any difference. */
    static FhirCopy.Snapshot awaitFhirHolds(EmulatorControl withings, FhirCopy fhir, long userid, String patient,
                                            Duration bound) {
        AtomicReference<FhirCopy.Snapshot> last = new AtomicReference<>();
        AtomicReference<Holdings> expected = new AtomicReference<>();
        try {
            await().atMost(bound).pollInterval(Duration.ofMillis(500)).until(() -> {
                expected.set(Holdings.of(withings.holdings(userid)));
                last.set(fhir.snapshot(patient));
                return last.get().matches(expected.get());
            });
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            FhirCopy.Snapshot snapshot = last.get();
            assertThat(snapshot.counted()).as("the server's count of Observations").isEqualTo(snapshot.observations().size());
            assertThat(snapshot.statusByIdentifier()).as("no value twice").hasSameSizeAs(snapshot.observations());
            assertThat(snapshot.withStatus(false)).as("the values Withings holds").isEqualTo(expected.get().live());
            assertThat(snapshot.withStatus(true)).as("the deleted values").isEqualTo(expected.get().deleted());
            throw timeout;
        }
        return last.get();
    }

    /**
     * Waits until FHIR holds exactly what the emulator holds for every patient; returns the number of Observations.
     * Patients already complete are not read again.
     */
    static int awaitAllHold(EmulatorControl withings, FhirCopy fhir, List<Enrolling.Connected> patients,
                            Duration bound) {
        List<Enrolling.Connected> waiting = new ArrayList<>(patients);
        int[] observations = {0};
        try {
            await().atMost(bound).pollInterval(Duration.ofSeconds(1)).until(() -> {
                waiting.removeIf(connected -> {
                    FhirCopy.Snapshot snapshot = fhir.snapshot(connected.patient());
                    boolean complete = snapshot.matches(Holdings.of(withings.holdings(connected.userid())));
                    if (complete) {
                        observations[0] += snapshot.observations().size();
                    }
                    return complete;
                });
                return waiting.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            Enrolling.Connected first = waiting.get(0);
            awaitFhirHolds(withings, fhir, first.userid(), first.patient(), Duration.ofSeconds(1));
            throw new AssertionError(waiting.size() + " of " + patients.size() + " patients incomplete", timeout);
        }
        return observations[0];
    }
}
