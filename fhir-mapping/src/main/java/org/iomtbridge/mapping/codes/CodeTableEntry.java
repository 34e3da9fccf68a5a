package org.iomtbridge.mapping.codes;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;

/**
 * One line of the code table: how one kind of Withings value becomes FHIR.
 *
 * @param source        the Withings value, for example {@code meastype:1} or {@code sleep:total_sleep_time}
 * @param loinc         the LOINC codes, each checked against its LOINC page; empty where no LOINC code fits
 * @param display       the human-readable name of the value
 * @param ucum          the UCUM unit of the FHIR value; empty for coded values and unitless Withings values
 * @param conversion    how a Withings number becomes a value in {@link #ucum()}
 * @param codedValues   the coded-value list a Withings number is a code of (for example {@code afib-result}),
 *                      instead of a quantity
 * @param category      the Observation category code, empty for none
 * @param profile       the FHIR R4 vital-signs profile name (for example {@code bodyweight}), empty for none
 */
public record CodeTableEntry(String source, List<LoincCode> loinc, String display, Optional<String> ucum,
                             Optional<String> unitDisplay, Conversion conversion, Optional<String> codedValues,
                             Optional<String> category,
                             Optional<String> profile) {

    public CodeTableEntry {
        loinc = List.copyOf(loinc);
    }

    /** A LOINC code with the long common name of its LOINC page. */
    public record LoincCode(String code, String longCommonName) {
    }

    /** Multiplies or divides a Withings value by an exact factor. */
    public record Conversion(boolean divide, BigDecimal factor) {

        public static final Conversion NONE = new Conversion(false, BigDecimal.ONE);

        public BigDecimal apply(BigDecimal value) {
            BigDecimal converted = divide ? value.divide(factor, MathContext.DECIMAL64) : value.multiply(factor);
            return converted.signum() == 0 ? BigDecimal.ZERO : strip(converted);
        }

        /** Trailing zeros go; the precision of the measurement is not given by them in Withings' integers. */
        private static BigDecimal strip(BigDecimal value) {
            BigDecimal stripped = value.stripTrailingZeros();
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }
    }
}
