package org.iomtbridge.emulator.world;

import java.time.LocalDate;
import java.util.Map;

/** One night of sleep: its summary values by Withings field name. */
public record StoredNight(long id, LocalDate date, long startdate, long enddate, long created, long modified,
                          SimDevice device, Map<String, Number> data) {

    public StoredNight {
        data = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }
}
