package org.iomtbridge.emulator.world;

import java.util.List;

/**
 * One ECG recording of heart v2.
 *
 * @param afib      0 negative, 1 positive, 2 inconclusive
 * @param systole   null unless a BPM Core took a pressure with it
 * @param signal    the samples in microvolts
 */
public record StoredEcg(long signalid, long timestamp, long modified, SimDevice device, int afib, int heartRate,
                        Integer systole, Integer diastole, int samplingFrequency, int wearPosition,
                        List<Integer> signal) {

    public StoredEcg {
        signal = List.copyOf(signal);
    }
}
