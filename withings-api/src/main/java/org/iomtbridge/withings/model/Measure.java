package org.iomtbridge.withings.model;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One value of a measure group, as Withings sends it: an integer {@code value} scaled by {@code 10^unit}.
 *
 * @param type     the raw measure type code; {@link #knownType()} names it when it is documented
 * @param position the body position of segmental measures (0 right wrist … 7 whole body …), when given
 */
public record Measure(int type, long value, int unit, OptionalInt algo, OptionalInt fm, OptionalInt position) {

    /** The exact value {@code value × 10^unit}, with no floating point: 118003 × 10^-3 is 118.003. */
    public BigDecimal decimalValue() {
        return BigDecimal.valueOf(value, -unit);
    }

    public Optional<MeasureType> knownType() {
        return MeasureType.fromCode(type);
    }
}
