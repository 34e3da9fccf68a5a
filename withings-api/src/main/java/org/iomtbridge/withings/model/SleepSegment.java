package org.iomtbridge.withings.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One segment of sleep v2 {@code get}: a time span in one sleep state, with the high-frequency series that were
 * asked for with {@code data_fields}.
 *
 * @param state      the raw state code; {@link #knownState()} names it
 * @param timeSeries per data field (for example {@code hr}, {@code rr}, {@code snoring}), its values by time
 */
public record SleepSegment(Instant startDate, Instant endDate, int state, Optional<String> model, OptionalInt modelId,
                           Optional<String> hashDeviceId, Map<String, NavigableMap<Instant, BigDecimal>> timeSeries) {

    public SleepSegment {
        timeSeries = Map.copyOf(timeSeries);
    }

    public Optional<SleepState> knownState() {
        return SleepState.fromCode(state);
    }
}
