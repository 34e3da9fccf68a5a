package org.iomtbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.SampledData;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.iomtbridge.mapping.withings.Normalized;
import org.iomtbridge.withings.model.HeartSignal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.mapping.Mapped.byId;
import static org.iomtbridge.mapping.MeasureGroupMappingTest.assertQuantity;

/** Sleep, activity, workouts, ECG, intraday samples and devices to FHIR. */
class SummaryMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aNightOfSleepIsOneObservationPerValueOverTheNight() {
        MappingResult result = Mapped.fixture("sleep_summary.json");

        Observation total = byId(result, "withings-12345678-sleep-2081804182-total.sleep.time");
        assertThat(Mapped.loinc(total)).contains("93832-4");
        assertQuantity(total.getValueQuantity(), "311", "min");
        assertThat(total.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2021-04-17T22:30:53+02:00");
        assertThat(total.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo("2021-04-18T04:32:53+02:00");
        assertThat(total.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("activity");
        assertThat(total.getDevice().getReference()).isEqualTo("Device/withings-201d0b9a0556d6b755166b2cf8d22d3bdf0487ee");
        assertThat(Mapped.loinc(byId(result, "withings-12345678-sleep-2081804182-deepsleepduration"))).contains("93831-6");
        assertQuantity(byId(result, "withings-12345678-sleep-2081804182-deepsleepduration").getValueQuantity(), "97", "min");
        assertThat(Mapped.loinc(byId(result, "withings-12345678-sleep-2081804182-lightsleepduration"))).contains("93830-8");
        assertThat(Mapped.loinc(byId(result, "withings-12345678-sleep-2081804182-remsleepduration"))).contains("93829-0");
        assertQuantity(byId(result, "withings-12345678-sleep-2081804182-sleep.efficiency").getValueQuantity(), "86", "%");
        Observation heartRate = byId(result, "withings-12345678-sleep-2081804182-hr.average");
        assertThat(Mapped.loinc(heartRate)).as("Mean heart rate, not the spot reading's 8867-4").contains("103205-1");
        assertQuantity(heartRate.getValueQuantity(), "103", "/min");
        assertThat(heartRate.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo("2021-04-18T04:32:53+02:00");
        assertThat(heartRate.getMeta().hasProfile()).as("a night's average is not a spot vital sign").isFalse();
        assertThat(heartRate.getCategoryFirstRep().getCodingFirstRep().getCode()).isNotEqualTo("vital-signs");
        Observation respiratoryRate = byId(result, "withings-12345678-sleep-2081804182-rr.average");
        assertThat(Mapped.loinc(respiratoryRate)).as("LOINC has no mean respiratory rate; 9279-1 is a spot reading").isEmpty();
        assertThat(Mapped.withingsCode(respiratoryRate)).contains("sleep:rr_average");
        Observation apnea = byId(result, "withings-12345678-sleep-2081804182-apnea.hypopnea.index");
        assertThat(Mapped.loinc(apnea)).isEmpty();
        assertThat(Mapped.withingsCode(apnea)).contains("sleep:apnea_hypopnea_index");
        assertQuantity(apnea.getValueQuantity(), "9", "/h");
        assertQuantity(byId(result, "withings-12345678-sleep-2081804182-sleep.score").getValueQuantity(), "37", "1");
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void theHypnogramIsOneCodedObservationPerSegment() {
        MappingResult result = Mapped.fixture("sleep.json");

        assertThat(result.observations()).hasSize(613);
        Observation awake = byId(result, "withings-12345678-sleepseg-1618691453-state");
        assertThat(awake.getValueCodeableConcept().getCodingFirstRep().getCode()).isEqualTo("0");
        assertThat(awake.getValueCodeableConcept().getCodingFirstRep().getDisplay()).isEqualTo("awake");
        assertThat(awake.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2021-04-17T20:30:53Z");
        assertThat(result.notes()).singleElement().asString().contains("high-frequency series");
    }

    @Test
    void anActivityDayCoversTheLocalDayWithItsUtcOffset() {
        MappingResult result = Mapped.fixture("activity.json");

        Observation steps = byId(result, "withings-12345678-day-2023-10-20-steps");
        assertThat(Mapped.loinc(steps)).contains("41950-7");
        assertQuantity(steps.getValueQuantity(), "1209", "/d");
        assertThat(steps.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2023-10-20T00:00:00+02:00");
        assertThat(steps.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo("2023-10-21T00:00:00+02:00");
        assertThat(steps.hasDevice()).isFalse();
        assertQuantity(byId(result, "withings-12345678-day-2023-10-20-distance").getValueQuantity(), "1028.559", "m");
        assertQuantity(byId(result, "withings-12345678-day-2023-10-20-calories").getValueQuantity(), "85.497", "kcal/d");
        assertQuantity(byId(result, "withings-12345678-day-2023-10-20-hr.max").getValueQuantity(), "80", "/min");
        assertThat(Mapped.loinc(byId(result, "withings-12345678-day-2023-10-20-hr.max"))).contains("8873-2");
        assertQuantity(byId(result, "withings-12345678-day-2023-10-21-steps").getValueQuantity(), "1155", "/d");
        assertQuantity(byId(result, "withings-12345678-day-2023-10-21-active").getValueQuantity(), "11.78333333333333", "min");
    }

    @Test
    void aWorkoutIsItsDurationWithCategoryAndDataAsComponents() {
        MappingResult result = Mapped.fixture("workouts.json");

        assertThat(result.observations()).as("workout 3752609174 is listed twice").hasSize(10);
        assertThat(result.duplicatesMerged()).isEqualTo(1);
        Observation walk = byId(result, "withings-12345678-workout-3661300277");
        assertThat(Mapped.loinc(walk)).contains("55411-3");
        assertQuantity(walk.getValueQuantity(), "8.366666666666667", "min");
        assertThat(walk.getEffectivePeriod().getStartElement().getValueAsString()).isEqualTo("2023-08-29T21:06:51+02:00");
        assertThat(walk.getComponent()).anySatisfy(component -> {
            assertThat(component.getCode().getCodingFirstRep().getCode()).isEqualTo("73985-4");
            assertThat(component.getValueCodeableConcept().getCodingFirstRep().getDisplay()).isEqualTo("walk");
        });
        assertThat(walk.getComponent()).anySatisfy(component -> {
            assertThat(component.getCode().getCoding()).anyMatch(coding -> coding.getCode().equals("workout:steps"));
            assertThat(component.getValueQuantity().getValue()).isEqualByComparingTo("779");
        });
        assertThat(walk.getComponent()).noneMatch(component -> component.getCode().getCoding().stream()
                .anyMatch(coding -> coding.getCode().equals("workout:algo_pause_duration")));
    }

    @Test
    void devicesKeepTheirModelTypeAndBattery() {
        MappingResult result = Mapped.fixture("device.json");

        assertThat(result.observations()).isEmpty();
        assertThat(result.devices()).as("the recording lists one device id five times").singleElement()
                .satisfies(scale -> {
                    assertThat(scale.getIdPart()).isEqualTo("withings-f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d");
                    assertThat(scale.getType().getText()).isEqualTo("Scale");
                    assertThat(scale.getDeviceNameFirstRep().getName()).isEqualTo("Body+");
                    assertThat(scale.getPropertyFirstRep().getValueCodeFirstRep().getText()).isEqualTo("high");
                    assertThat(scale.getIdentifierFirstRep().getValue()).isEqualTo("f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d");
                });
        assertThat(result.notes()).containsExactly(
                "device f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d is listed more than once; its first listing is kept");

        Device futuristic = Mapped.fixture("new_device.json").devices().get(0);
        assertThat(futuristic.getModelNumber()).isEqualTo("696969");
        assertThat(futuristic.getDeviceNameFirstRep().getName()).isEqualTo("Futuristic device A");
    }

    @Test
    void anEcgIsItsClassificationHeartRateAndPressureAndItsWaveformAsSampledData() throws Exception {
        JsonNode list = JSON.readTree("""
                {"series": [{"deviceid": "bpmcore01", "model": 44, "ecg": {"signalid": 123456789, "afib": 1},
                  "bloodpressure": {"diastole": 82, "systole": 131}, "heart_rate": 77,
                  "timestamp": 1700000000, "modified": 1700000100}], "more": false, "offset": 0}""");

        MappingResult result = Mapped.body(list, WithingsFhirMapper.standard());

        Observation afib = byId(result, "withings-12345678-ecg-123456789-afib");
        assertThat(afib.getValueCodeableConcept().getCodingFirstRep().getDisplay()).isEqualTo("positive");
        Observation heartRate = byId(result, "withings-12345678-ecg-123456789-heart.rate");
        assertThat(Mapped.loinc(heartRate)).contains("8867-4");
        assertThat(heartRate.getMeta().getProfile()).extracting(profile -> profile.getValue())
                .containsExactly("http://hl7.org/fhir/StructureDefinition/heartrate");
        Observation pressure = byId(result, "withings-12345678-ecg-123456789-bp");
        assertQuantity(pressure.getComponent().get(0).getValueQuantity(), "131", "mm[Hg]");
        assertQuantity(pressure.getComponent().get(1).getValueQuantity(), "82", "mm[Hg]");
        assertThat(pressure.getDevice().getDisplay()).isEqualTo("BPM Core");

        WithingsFhirMapper mapper = WithingsFhirMapper.standard();
        Normalized waveform = mapper.normalizer().ecgWaveform(Mapped.USER, 123456789L, Instant.ofEpochSecond(1700000000),
                new HeartSignal(List.of(-12, 0, 35, 1200), 500, OptionalInt.of(2), OptionalInt.of(44), OptionalInt.of(77)),
                Optional.empty());
        Observation signal = mapper.toFhir(waveform, Mapped.PATIENT).observations().get(0);
        assertThat(signal.getIdPart()).isEqualTo("withings-12345678-ecg-123456789-signal");
        SampledData data = signal.getValueSampledData();
        assertThat(data.getPeriod()).isEqualByComparingTo(new BigDecimal("2"));
        assertThat(data.getData()).isEqualTo("-12 0 35 1200");
        assertThat(data.getOrigin().getCode()).isEqualTo("uV");
        assertThat(data.getDimensions()).isEqualTo(1);
        for (Observation observation : List.of(afib, heartRate, pressure, signal)) {
            assertThat(R4Validation.errors(observation)).as(observation.getIdPart()).isEmpty();
        }
    }

    @Test
    void intradaySamplesBecomeHeartRateSpo2AndStepsOverTheirInterval() throws Exception {
        JsonNode intraday = JSON.readTree("""
                {"series": {"1700000000": {"deviceid": "watch01", "model": "ScanWatch", "model_id": 93,
                    "heart_rate": 64, "spo2_auto": 97},
                  "1700000060": {"deviceid": "watch01", "model": "ScanWatch", "model_id": 93, "steps": 42,
                    "duration": 60}}}""");

        MappingResult result = Mapped.body(intraday, WithingsFhirMapper.standard());

        Observation spo2 = byId(result, "withings-12345678-intraday-1700000000-spo2.auto");
        assertThat(spo2.getCode().getCoding()).extracting(coding -> coding.getCode()).contains("2708-6", "59408-5");
        assertThat(spo2.getMeta().getProfile()).extracting(profile -> profile.getValue())
                .containsExactly("http://hl7.org/fhir/StructureDefinition/oxygensat");
        assertQuantity(spo2.getValueQuantity(), "97", "%");
        Observation steps = byId(result, "withings-12345678-intraday-1700000060-steps");
        assertThat(steps.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo("2023-11-14T22:15:20Z");
        assertThat(result.observations()).noneMatch(observation -> observation.getIdPart().endsWith("duration"));
        assertThat(result.devices()).singleElement().satisfies(device ->
                assertThat(device.getDeviceNameFirstRep().getName()).isEqualTo("ScanWatch"));
        result.resources().forEach(resource -> assertThat(R4Validation.errors(resource)).isEmpty());
    }

    @Test
    void theObservationIdentifierNamesItsWithingsSource() {
        Observation total = byId(Mapped.fixture("sleep_summary.json"), "withings-12345678-sleep-2081804182-total.sleep.time");

        assertThat(total.getIdentifierFirstRep().getSystem()).isEqualTo(FhirSystems.WITHINGS_MEASUREMENT_ID);
        assertThat(total.getIdentifierFirstRep().getValue()).isEqualTo("withings/12345678/sleep/2081804182/total_sleep_time");
    }
}
