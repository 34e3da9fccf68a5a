package org.iomtbridge.withings.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One day of measure v2 {@code getactivity}, aggregated over the user's local day.
 *
 * @param date   the local date
 * @param brand  1 Withings, 18 an external source such as a phone
 * @param values the day's values by Withings field name (for example {@code steps}, {@code distance} in m), exact
 */
public record ActivityDay(LocalDate date, Optional<String> timezone, Optional<String> deviceId,
                          Optional<String> hashDeviceId, OptionalInt brand, boolean isTracker,
                          Optional<Instant> modified, Optional<String> model, OptionalInt modelId,
                          Map<String, BigDecimal> values) {

    public ActivityDay {
        values = Map.copyOf(values);
    }

    public Optional<BigDecimal> value(String field) {
        return Optional.ofNullable(values.get(field));
    }
}
