package org.iomtbridge.bridge.withings;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of Withings data a sync fetches, each with its own cursor. */
public enum DataKind {
    MEASURES, ACTIVITY, SLEEP_SUMMARIES, WORKOUTS, HEART, DEVICES;

    /**
     * What a notification of this category ({@code appli}) can have changed: a sync asks Withings only for those.
     * Weight (1), temperature (2) and pressure, heart rate and SpO2 (4) are measures; activity (16) covers the day and
     * its workouts; sleep (44) the night; ECG (54) the recording and its measures (intervals, AFib). A category the
     * bridge does not know asks for everything.
     */
    public static Set<DataKind> changedBy(int appli) {
        return switch (appli) {
            case 1, 2, 4 -> EnumSet.of(MEASURES);
            case 16 -> EnumSet.of(ACTIVITY, WORKOUTS);
            case 44 -> EnumSet.of(SLEEP_SUMMARIES);
            case 54 -> EnumSet.of(HEART, MEASURES);
            default -> EnumSet.allOf(DataKind.class);
        };
    }
}
