package org.iomtbridge.withings.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One night of sleep v2 {@code getsummary}.
 *
 * @param model the raw device type code (16 tracker, 32 sleep monitor)
 * @param date  the night's local date
 * @param data  the summary values by Withings field name (for example {@code total_sleep_time} in seconds), exact
 */
public record SleepSummary(long id, Optional<String> timezone, OptionalInt model, OptionalInt modelId,
                           Optional<String> hashDeviceId, Instant startDate, Instant endDate, LocalDate date,
                           Optional<Instant> created, Optional<Instant> modified, Optional<Boolean> completed,
                           Map<String, BigDecimal> data) {

    public SleepSummary {
        data = Map.copyOf(data);
    }

    public Optional<BigDecimal> value(String field) {
        return Optional.ofNullable(data.get(field));
    }
}
