package org.iomtbridge.emulator.control;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The body of {@code POST /_emulator/users/{userid}/measures}: either one measure ({@code type} and {@code value},
 * optionally {@code date} and {@code manual}), several in one group ({@code measures}), or {@code days} of generated
 * history.
 */
public record MeasureRequest(Integer type, BigDecimal value, Instant date, Boolean manual, List<Value> measures,
                             Integer days) {

    /** A value in its Withings unit: kg, mmHg, bpm, %, °C … */
    public record Value(int type, BigDecimal value) {
    }
}
