package org.iomtbridge.withings.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One sample of measure v2 {@code getintradayactivity}.
 *
 * @param values the sample's values by Withings field name (for example {@code steps}, {@code heart_rate})
 */
public record IntradaySample(Instant time, Optional<String> deviceId, Optional<String> model, OptionalInt modelId,
                             Map<String, BigDecimal> values) {

    public IntradaySample {
        values = Map.copyOf(values);
    }
}
