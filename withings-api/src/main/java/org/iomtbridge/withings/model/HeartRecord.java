package org.iomtbridge.withings.model;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of heart v2 {@code list}: an ECG recording and, for blood-pressure monitors with ECG, the pressure
 * taken with it.
 *
 * @param model     the raw device model code
 * @param timestamp when the recording was made
 */
public record HeartRecord(Optional<String> deviceId, int model, Optional<Ecg> ecg, Optional<BloodPressure> bloodPressure,
                          OptionalInt heartRate, Instant timestamp, Optional<Instant> modified) {

    /**
     * @param signalId the id to fetch the waveform with heart v2 {@code get}
     * @param afib     the raw classification: 0 negative, 1 positive, 2 inconclusive
     */
    public record Ecg(long signalId, int afib) {
    }

    /** Pressures in mmHg. */
    public record BloodPressure(int diastole, int systole) {
    }
}
