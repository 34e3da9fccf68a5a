package org.iomtbridge.mapping;

import org.iomtbridge.mapping.codes.CodeTable;
import org.iomtbridge.mapping.codes.CodeTableEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The code table is complete for what Withings documents, and every LOINC code in it has its recorded evidence. */
class CodeTableTest {

    private final CodeTable table = CodeTable.standard();

    @Test
    void everyDocumentedMeasureTypeHasALine() {
        for (int type : new int[] {1, 4, 5, 6, 8, 9, 10, 11, 12, 54, 71, 73, 76, 77, 88, 91, 123, 130, 135, 136, 137,
                138, 139, 155, 167, 168, 169, 170, 173, 174, 175, 196, 226, 227, 229}) {
            assertThat(table.entry("meastype:" + type)).as("meastype " + type).isPresent();
        }
    }

    @Test
    void everyLoincCodeInTheTableIsInTheVerificationRecordWithItsLongCommonName() throws IOException {
        String record = Files.readString(Path.of("docs/loinc-verification.md"));

        for (CodeTableEntry entry : table.entries()) {
            for (CodeTableEntry.LoincCode loinc : entry.loinc()) {
                assertThat(record).as(entry.source() + " uses " + loinc.code())
                        .contains("| " + loinc.code()).contains(loinc.longCommonName());
            }
        }
    }

    @Test
    void vitalSignProfilesUseTheUnitsTheProfilesAllow() {
        for (CodeTableEntry entry : table.entries()) {
            entry.profile().ifPresent(profile -> {
                switch (profile) {
                    case "bodyweight" -> assertThat(entry.ucum()).contains("kg");
                    case "bodyheight" -> assertThat(entry.ucum()).contains("cm");
                    case "bodytemp" -> assertThat(entry.ucum()).contains("Cel");
                    case "heartrate", "resprate" -> assertThat(entry.ucum()).contains("/min");
                    case "oxygensat" -> assertThat(entry.ucum()).contains("%");
                    case "bp" -> assertThat(entry.source()).isEqualTo("panel:blood-pressure");
                    default -> throw new AssertionError(entry.source() + " declares unknown profile " + profile);
                }
                assertThat(entry.category()).contains("vital-signs");
            });
        }
    }

    @Test
    void theFieldsOfAnAnswerAreWhatToAskWithingsFor() {
        assertThat(table.fields("sleep")).contains("total_sleep_time", "hr_average", "sleep_score")
                .as("the hypnogram's state is another call's").doesNotContain("state");
        assertThat(table.fields("activity")).contains("steps", "hr_zone_3");
    }

    @Test
    void codedValuesHaveTheirDisplays() {
        assertThat(table.codedValue("afib-result", "0")).contains("negative");
        assertThat(table.codedValue("afib-result", "13")).contains("no diagnosis");
        assertThat(table.codedValue("sleep-state", "3")).contains("REM sleep");
        assertThat(table.codedValue("position", "12")).contains("torso");
        assertThat(table.codedValue("afib-result", "99")).isEmpty();
    }
}
