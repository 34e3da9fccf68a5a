package org.iomtbridge.emulator.world;

import java.util.List;

/**
 * A measure group as the emulator stores it.
 *
 * @param device null for a manual entry
 */
public record StoredGroup(long grpid, int attrib, long date, long created, long modified, int category,
                          SimDevice device, List<StoredMeasure> measures, boolean deleted) {

    public StoredGroup {
        measures = List.copyOf(measures);
    }

    public StoredGroup modifiedWith(List<StoredMeasure> newMeasures, long now) {
        return new StoredGroup(grpid, attrib, date, created, now, category, device, newMeasures, deleted);
    }

    public StoredGroup deletedAt(long now) {
        return new StoredGroup(grpid, attrib, date, created, now, category, device, measures, true);
    }

    /** The Withings notification category of the group's measures: 4 blood pressure/heart/SpO2, 2 temperature, 1 body. */
    public int appli() {
        if (measures.stream().anyMatch(measure -> measure.type() == 9 || measure.type() == 10
                || measure.type() == 11 || measure.type() == 54)) {
            return 4;
        }
        if (measures.stream().allMatch(measure -> measure.type() == 12 || measure.type() == 71 || measure.type() == 73)) {
            return 2;
        }
        return 1;
    }

    /** A value of getmeas: {@code value × 10^unit}. */
    public record StoredMeasure(int type, long value, int unit, Integer position) {
    }
}
