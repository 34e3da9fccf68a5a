package org.iomtbridge.emulator.world;

import java.time.LocalDate;
import java.util.Map;

/** One workout: category (1 walk, 2 run, 6 bicycling, …) and its data by Withings field name. */
public record StoredWorkout(long id, int category, LocalDate date, long startdate, long enddate, long modified,
                            SimDevice device, Map<String, Number> data) {

    public StoredWorkout {
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
