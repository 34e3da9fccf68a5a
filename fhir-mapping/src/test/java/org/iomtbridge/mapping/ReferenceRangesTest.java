package org.iomtbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.mapping.codes.CodeTable;
import org.iomtbridge.mapping.codes.CodeTableEntry;
import org.iomtbridge.mapping.codes.ReferenceRanges;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iomtbridge.mapping.Mapped.byId;

/**
 * Spot readings carry the reference range they were judged against and their interpretation, from the reviewed
 * {@code reference-ranges.tsv} or a program's own table; summaries carry neither; every result validates.
 */
class ReferenceRangesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GROUP = 9000000100L;

    @ParameterizedTest(name = "meastype {0} = {1}: {2} {3}")
    @CsvFileSource(resources = "/org/iomtbridge/mapping/reference-range-cases.tsv", delimiter = '\t')
    void eachDefaultBoundaryGivesTheInterpretationOfItsSource(int measureType, String value, String interpretation,
                                                              String label) {
        Observation observation = mapped(WithingsFhirMapper.standard(), measureType, new BigDecimal(value));
        Judged judged = judged(observation, measureType);

        if (interpretation.equals("-")) {
            assertThat(judged.interpretation()).isEmpty();
            assertThat(judged.hasReferenceRange()).isFalse();
        } else {
            assertThat(judged.interpretation()).singleElement().satisfies(concept -> {
                assertThat(concept.getCodingFirstRep().getSystem()).isEqualTo(FhirSystems.OBSERVATION_INTERPRETATION);
                assertThat(concept.getCodingFirstRep().getCode()).isEqualTo(interpretation);
                assertThat(concept.getText()).startsWith(label);
            });
            assertThat(judged.hasReferenceRange()).isTrue();
        }
        assertThat(R4Validation.errors(observation)).isEmpty();
    }

    @Test
    void theReferenceRangeIsTheNormalBandWithItsUnitAndMeaning() {
        Observation panel = mapped(WithingsFhirMapper.standard(), 10, new BigDecimal("135"));

        Observation.ObservationReferenceRangeComponent range = panel.getComponent().get(0).getReferenceRangeFirstRep();
        assertThat(range.getLow().getValue()).isEqualByComparingTo("90");
        assertThat(range.getHigh().getValue()).isEqualByComparingTo("120");
        assertThat(range.getHigh().getSystem()).isEqualTo(FhirSystems.UCUM);
        assertThat(range.getHigh().getCode()).isEqualTo("mm[Hg]");
        assertThat(range.getType().getCodingFirstRep().getSystem()).isEqualTo(FhirSystems.REFERENCE_RANGE_MEANING);
        assertThat(range.getType().getCodingFirstRep().getCode()).isEqualTo("normal");
        assertThat(range.getText()).isEqualTo("Normal: >90 and <120 mm[Hg] (ACC/AHA 2017 (lower bound NEWS2))");
        assertThat(panel.hasInterpretation()).as("each pressure is judged on its own component").isFalse();
        assertThat(panel.getComponent().get(1).hasReferenceRange()).as("the absent diastolic").isFalse();
    }

    @Test
    void aProgramsOwnTableChangesTheInterpretation() {
        ReferenceRanges olderAdults = ReferenceRanges.read(new StringReader("""
                # A program for older adults: systolic up to 150 is on target.
                loinc	basis	interpretation	lower	upper	ucum	label	source
                8480-6	value	N	-	<=150	mm[Hg]	On target	program protocol
                8480-6	value	H	>150	<180	mm[Hg]	Above target	program protocol
                8480-6	value	HH	>=180	-	mm[Hg]	Call the patient today	program protocol
                """.replace("                ", "")), "older-adults.tsv");
        WithingsFhirMapper program = new WithingsFhirMapper(CodeTable.standard(), AttributionPolicy.standard(),
                ZoneOffset.UTC, olderAdults);

        Observation.ObservationComponentComponent byDefault = mapped(WithingsFhirMapper.standard(), 10,
                new BigDecimal("145")).getComponent().get(0);
        Observation programPanel = mapped(program, 10, new BigDecimal("145"));
        Observation.ObservationComponentComponent byProgram = programPanel.getComponent().get(0);

        assertThat(byDefault.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("H");
        assertThat(byProgram.getInterpretationFirstRep().getCodingFirstRep().getCode()).isEqualTo("N");
        assertThat(byProgram.getInterpretationFirstRep().getText()).isEqualTo("On target (program protocol)");
        assertThat(byProgram.getReferenceRangeFirstRep().getHigh().getValue()).isEqualByComparingTo("150");
        assertThat(byProgram.getReferenceRangeFirstRep().hasLow()).isFalse();
        assertThat(mapped(program, 10, new BigDecimal("180")).getComponent().get(0).getInterpretationFirstRep()
                .getCodingFirstRep().getCode()).isEqualTo("HH");
        assertThat(judged(mapped(program, 11, new BigDecimal("150")), 11).interpretation())
                .as("the program's table replaces the defaults: it has no heart-rate bands").isEmpty();
        assertThat(R4Validation.errors(programPanel)).isEmpty();
    }

    @Test
    void summariesOverAPeriodAreNotJudged() {
        for (String fixture : List.of("sleep_summary.json", "activity.json", "workouts.json")) {
            MappingResult result = Mapped.fixture(fixture);

            assertThat(result.observations()).as(fixture).isNotEmpty().allSatisfy(observation -> {
                assertThat(observation.hasReferenceRange()).as(observation.getIdPart()).isFalse();
                assertThat(observation.hasInterpretation()).as(observation.getIdPart()).isFalse();
            });
        }
    }

    @Test
    void recordedSpotReadingsAreJudged() {
        Observation panel = byId(Mapped.fixture("measurement_list.json"), "withings-12345678-grp-2726389202-bp");

        assertThat(panel.getComponent()).allSatisfy(component -> {
            assertThat(component.getInterpretation()).hasSize(1);
            assertThat(component.getReferenceRange()).hasSize(1);
        });
    }

    @Test
    void everyBandIsInTheUnitTheCodeTableGivesItsCode() {
        CodeTable codes = CodeTable.standard();
        List<String> codesWithBands = List.of("8480-6", "8462-4", "8867-4", "2708-6", "8310-5", "9279-1");

        for (String loinc : codesWithBands) {
            assertThat(ReferenceRanges.standard().bands(loinc)).as(loinc).isNotEmpty();
            codes.entries().stream().filter(entry -> entry.loinc().stream()
                            .anyMatch(code -> code.code().equals(loinc)))
                    .map(CodeTableEntry::ucum)
                    .forEach(ucum -> assertThat(ucum).as(loinc).contains(
                            ReferenceRanges.standard().bands(loinc).get(0).ucum()));
        }
    }

    @Test
    void theWeightChangeRulesAreReadButLeftToACallerWithTheHistory() {
        assertThat(ReferenceRanges.standard().changeRules())
                .extracting(ReferenceRanges.Band::loinc, ReferenceRanges.Band::basis, ReferenceRanges.Band::describe)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("29463-7", "gain-P1D", ">0.9 kg"),
                        org.assertj.core.groups.Tuple.tuple("29463-7", "gain-P7D", ">2.3 kg"));
        assertThat(ReferenceRanges.standard().bands("29463-7")).isEmpty();
    }

    @Test
    void aTableWithAGapOrAnOverlapIsRefusedWithItsLine() {
        String header = "loinc\tbasis\tinterpretation\tlower\tupper\tucum\tlabel\tsource\n";

        assertThatThrownBy(() -> ReferenceRanges.read(new StringReader(header
                + "8867-4\tvalue\tN\t-\t<100\t/min\tNormal\tx\n"
                + "8867-4\tvalue\tH\t>100\t-\t/min\tHigh\tx\n"), "gap.tsv"))
                .hasMessageContaining("gap.tsv line 3").hasMessageContaining("'<120' then '>=120'");
        assertThatThrownBy(() -> ReferenceRanges.read(new StringReader(header
                + "8867-4\tvalue\tH\t>100\t-\t/min\tHigh\tx\n"), "no-normal.tsv"))
                .hasMessageContaining("no-normal.tsv line 2").hasMessageContaining("exactly one N band");
        assertThatThrownBy(() -> ReferenceRanges.read(new StringReader(header
                + "8867-4\tvalue\tN\t>=100\t<=60\t/min\tNormal\tx\n"), "inverted.tsv"))
                .hasMessageContaining("inverted.tsv line 2");
        assertThatThrownBy(() -> ReferenceRanges.read(new StringReader(header
                + "8867-4\tvalue\tN\t=>60\t-\t/min\tNormal\tx\n"), "comparator.tsv"))
                .hasMessageContaining("comparator.tsv line 2").hasMessageContaining("'=>60'");
    }

    /** One Withings measure group holding one reading, mapped; for a pressure, its blood-pressure panel. */
    private static Observation mapped(WithingsFhirMapper mapper, int measureType, BigDecimal value) {
        ObjectNode measure = JSON.createObjectNode()
                .put("value", value.unscaledValue().longValueExact()).put("type", measureType).put("unit", -value.scale());
        ObjectNode group = JSON.createObjectNode().put("grpid", GROUP).put("attrib", 0).put("date", 1700000000L)
                .put("created", 1700000050L).put("category", 1).putNull("deviceid").putNull("hash_deviceid");
        group.putArray("measures").add(measure);
        ObjectNode body = JSON.createObjectNode().put("updatetime", 1700000100L).put("timezone", "Europe/Paris")
                .put("more", 0).put("offset", 0);
        body.putArray("measuregrps").add(group);
        boolean pressure = measureType == 9 || measureType == 10;
        return byId(Mapped.body((JsonNode) body, mapper),
                "withings-12345678-grp-" + GROUP + "-" + (pressure ? "bp" : String.valueOf(measureType)));
    }

    /** The interpretation and reference range of the reading: the Observation's, or its pressure component's. */
    private static Judged judged(Observation observation, int measureType) {
        if (measureType == 9 || measureType == 10) {
            String loinc = measureType == 10 ? "8480-6" : "8462-4";
            Observation.ObservationComponentComponent component = observation.getComponent().stream()
                    .filter(part -> part.getCode().getCodingFirstRep().getCode().equals(loinc)).findFirst().orElseThrow();
            return new Judged(component.getInterpretation(), component.hasReferenceRange());
        }
        return new Judged(observation.getInterpretation(), observation.hasReferenceRange());
    }

    private record Judged(List<CodeableConcept> interpretation, boolean hasReferenceRange) {
    }
}
