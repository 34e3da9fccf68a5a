package org.iomtbridge.withings.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * The ECG waveform of heart v2 {@code get}.
 *
 * @param signal            the samples in microvolts
 * @param samplingFrequency samples per second (500 for BPM Core, 300 for Move ECG and ScanWatch)
 * @param wearPosition      the raw wear position code
 */
public record HeartSignal(List<Integer> signal, int samplingFrequency, OptionalInt wearPosition, OptionalInt model,
                          OptionalInt heartRate) {

    public HeartSignal {
        signal = List.copyOf(signal);
    }
}
