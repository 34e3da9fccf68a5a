package org.iomtbridge.mapping.normalized;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** A value of a measurement: a quantity, a coded result, or a sampled waveform. */
public sealed interface MeasuredValue {

    /**
     * An exact quantity in its FHIR unit.
     *
     * @param ucum the UCUM unit code, empty for values Withings gives without a known unit
     */
    record Quantity(BigDecimal value, Optional<String> ucum, Optional<String> unitDisplay) implements MeasuredValue {

        /** A value scaled by a positive power of ten (Withings unit > 0) is written as a plain integer, never 5E+2. */
        public Quantity {
            value = value.scale() < 0 ? value.setScale(0) : value;
        }
    }

    /**
     * A coded result, for example an AFib classification.
     *
     * @param valueSet the name of the coded-value list in the code table, for example {@code afib-result}
     * @param display  the code's meaning; empty for a code Withings has not documented
     */
    record Coded(String valueSet, String code, Optional<String> display) implements MeasuredValue {
    }

    /**
     * A part of a panel the source did not give, for example the diastolic pressure of a group that holds only the
     * systolic one: the panel still names the part, with the reason it has no value.
     */
    record Absent() implements MeasuredValue {
    }

    /**
     * A waveform sampled at a fixed rate.
     *
     * @param periodMillis milliseconds between samples
     * @param ucum         the unit of each sample, for example {@code uV}
     */
    record Waveform(List<Integer> samples, BigDecimal periodMillis, String ucum) implements MeasuredValue {

        public Waveform {
            samples = List.copyOf(samples);
        }
    }
}
