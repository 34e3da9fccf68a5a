package org.iomtbridge.withings.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One workout of measure v2 {@code getworkouts}.
 *
 * @param category the raw workout category (1 walk, 2 run, 3 hiking, 6 bicycling, 7 swimming, …)
 * @param model    the raw device model code
 * @param data     the workout's values by Withings field name, exact; fields Withings sent as null are absent
 */
public record Workout(long id, int category, Optional<String> timezone, OptionalInt model, OptionalInt attrib,
                      Instant startDate, Instant endDate, Optional<LocalDate> date, Optional<Instant> modified,
                      Optional<String> deviceId, Map<String, BigDecimal> data) {

    public Workout {
        data = Map.copyOf(data);
    }
}
