package org.iomtbridge.emulator.world;

import java.time.LocalDate;
import java.util.Map;

/** One day of activity: its values by Withings field name. */
public record StoredDay(LocalDate date, long modified, SimDevice device, Map<String, Number> values) {

    public StoredDay {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
