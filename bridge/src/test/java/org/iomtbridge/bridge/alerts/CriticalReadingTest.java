package org.iomtbridge.bridge.alerts;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.iomtbridge.mapping.codes.ReferenceRanges;
import org.iomtbridge.mapping.fhir.FhirResourceBuilder;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every band of the shipped reference ranges, as the mapping writes its interpretation: the alert thresholds (HH, LL)
 * and the change rules (U) raise an alert with the band's name, the other bands none.
 */
class CriticalReadingTest {

    @Test
    void everyAlertThresholdOfTheDefaultsRaisesAnAlertAndNoOtherBandDoes() {
        ReferenceRanges defaults = ReferenceRanges.standard();
        List<ReferenceRanges.Band> bands = new ArrayList<>();
        defaults.codes().forEach(loinc -> bands.addAll(defaults.allBands(loinc)));
        assertThat(bands).extracting(ReferenceRanges.Band::interpretation)
                .contains(ReferenceRanges.Interpretation.HH, ReferenceRanges.Interpretation.LL,
                        ReferenceRanges.Interpretation.U, ReferenceRanges.Interpretation.N);

        for (ReferenceRanges.Band band : bands) {
            Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(new CodeableConcept().addCoding(new Coding(FhirSystems.LOINC, band.loinc(), null))
                            .setText("Reading " + band.loinc()))
                    .setEffective(DateTimeType.now())
                    .setValue(new Quantity().setValue(new BigDecimal("1")).setUnit(band.ucum()));
            observation.addInterpretation(FhirResourceBuilder.interpretation(band));
            boolean alert = switch (band.interpretation()) {
                case HH, LL, U -> true;
                case N, L, H -> false;
            };
            assertThat(CriticalReading.of(observation)).as(band.loinc() + " " + band.describe() + " "
                    + band.interpretation()).satisfies(critical -> {
                        assertThat(critical.isPresent()).isEqualTo(alert);
                        critical.ifPresent(reading -> {
                            assertThat(reading.interpretation()).isEqualTo(band.interpretation().name());
                            assertThat(reading.reading()).contains(band.label());
                        });
                    });
        }
    }

    @Test
    void aDeletedReadingRaisesNothing() {
        ReferenceRanges.Band crisis = ReferenceRanges.standard().bands("8480-6").stream()
                .filter(band -> band.interpretation() == ReferenceRanges.Interpretation.HH).findFirst().orElseThrow();
        Observation deleted = new Observation().setStatus(Observation.ObservationStatus.ENTEREDINERROR)
                .setEffective(DateTimeType.now()).setValue(new Quantity().setValue(new BigDecimal("200")));
        deleted.addInterpretation(FhirResourceBuilder.interpretation(crisis));
        assertThat(CriticalReading.of(deleted)).isEmpty();
    }
}
