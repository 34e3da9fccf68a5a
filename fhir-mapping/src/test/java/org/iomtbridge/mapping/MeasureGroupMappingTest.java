package org.iomtbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.iomtbridge.mapping.codes.CodeTable;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.iomtbridge.mapping.normalized.DataQuality;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.mapping.Mapped.byId;

/** getmeas answers to Observations: codes, units, converted values, offsets, ids, and data quality. */
class MeasureGroupMappingTest {

    @Test
    void aWeighInListedTwiceWithAttrib0And8IsOneBodyWeightObservation() {
        MappingResult result = Mapped.fixture("measurement.json");

        assertThat(result.observations()).hasSize(1);
        assertThat(result.duplicatesMerged()).isEqualTo(1);
        Observation weight = result.observations().get(0);
        assertThat(weight.getIdPart()).isEqualTo("withings-12345678-grp-4815757309-1");
        assertThat(weight.getMeta().getProfile()).extracting(profile -> profile.getValue())
                .containsExactly("http://hl7.org/fhir/StructureDefinition/bodyweight");
        assertThat(Mapped.loinc(weight)).contains("29463-7");
        assertThat(Mapped.withingsCode(weight)).contains("1");
        assertThat(weight.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("vital-signs");
        assertThat(weight.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(weight.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2023-09-02T12:39:11+02:00");
        assertThat(weight.getIssuedElement().getValue().toInstant().getEpochSecond()).isEqualTo(1693651185L);
        assertQuantity(weight.getValueQuantity(), "118.003", "kg");
        assertThat(weight.getIdentifierFirstRep().getSystem()).isEqualTo(FhirSystems.WITHINGS_MEASUREMENT_ID);
        assertThat(weight.getIdentifierFirstRep().getValue()).isEqualTo("withings/12345678/grp/4815757309/1");
        assertThat(weight.getSubject().getReference()).isEqualTo("Patient/p1");
        assertThat(weight.getDevice().getReference())
                .isEqualTo("Device/withings-f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d");
        assertThat(result.devices()).singleElement().satisfies(device -> {
            assertThat(device.getIdPart()).isEqualTo("withings-f998be4b9ccc9e136fd8cd8e8e344c31ec3b271d");
            assertThat(device.getManufacturer()).isEqualTo("Withings");
            assertThat(device.getDeviceNameFirstRep().getName()).isEqualTo("Body+");
            assertThat(device.getModelNumber()).isEqualTo("5");
            assertThat(device.getPatient().getReference()).isEqualTo("Patient/p1");
        });
    }

    @Test
    void bloodPressureIsOnePanelWithSystolicAndDiastolicComponentsAndThePulseBeside() {
        MappingResult result = Mapped.fixture("measurement_list.json");

        Observation panel = byId(result, "withings-12345678-grp-2726389202-bp");
        assertThat(Mapped.loinc(panel)).contains("85354-9");
        assertThat(panel.getMeta().getProfile()).extracting(profile -> profile.getValue())
                .containsExactly("http://hl7.org/fhir/StructureDefinition/bp");
        assertThat(panel.hasValue()).isFalse();
        assertThat(panel.getComponent()).hasSize(2);
        assertThat(panel.getComponent().get(0).getCode().getCodingFirstRep().getCode()).isEqualTo("8480-6");
        assertQuantity(panel.getComponent().get(0).getValueQuantity(), "122", "mm[Hg]");
        assertThat(panel.getComponent().get(1).getCode().getCodingFirstRep().getCode()).isEqualTo("8462-4");
        assertQuantity(panel.getComponent().get(1).getValueQuantity(), "94", "mm[Hg]");
        assertQuantity(byId(result, "withings-12345678-grp-2726389202-11").getValueQuantity(), "84", "/min");
        assertThat(result.observations()).noneMatch(observation ->
                observation.getIdPart().endsWith("-9") || observation.getIdPart().endsWith("-10"));
        assertThat(Mapped.withLoinc(result, "85354-9")).hasSize(794);
        assertThat(Mapped.withLoinc(result, "8480-6")).isEmpty();
    }

    @Test
    void anAmbiguousMeasurementIsFlaggedForReviewAndAnUndocumentedAttributionIsReported() {
        MappingResult result = Mapped.fixture("measurement_list.json");

        Observation ambiguous = byId(result, "withings-12345678-grp-2726389202-bp");
        assertThat(ambiguous.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
        assertThat(ambiguous.getMeta().getTag(FhirSystems.DATA_QUALITY, "ambiguous-attribution")).isNotNull();
        assertThat(ambiguous.getMeta().getTag(FhirSystems.WITHINGS_ATTRIB, "1")).isNotNull();
        assertThat(ambiguous.getNoteFirstRep().getText()).contains("may belong to another person");

        Observation undocumented = byId(result, "withings-12345678-grp-2726388728-bp");
        assertThat(undocumented.getStatus()).isEqualTo(Observation.ObservationStatus.PRELIMINARY);
        assertThat(undocumented.getMeta().getTag(FhirSystems.DATA_QUALITY, "unknown-attribution")).isNotNull();
        assertThat(undocumented.getMeta().getTag(FhirSystems.WITHINGS_ATTRIB, "17")).isNotNull();
        assertThat(undocumented.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2021-05-03T13:00:31+02:00");
        assertThat(result.notes()).contains("group 2726388728 has the undocumented attribution 17");
    }

    @Test
    void aManualEntryHasNoDeviceAndIsPatientReported() {
        MappingResult result = Mapped.fixture("measurement_list.json");

        Observation height = byId(result, "withings-12345678-grp-2726375354-4");
        assertThat(Mapped.loinc(height)).contains("8302-2");
        assertQuantity(height.getValueQuantity(), "160", "cm");
        assertThat(height.getMeta().getProfile()).extracting(profile -> profile.getValue())
                .containsExactly("http://hl7.org/fhir/StructureDefinition/bodyheight");
        assertThat(height.hasDevice()).isFalse();
        assertThat(height.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(height.getPerformerFirstRep().getReference()).isEqualTo("Patient/p1");
        assertThat(height.getMeta().getTag(FhirSystems.DATA_QUALITY, "patient-reported")).isNotNull();
    }

    @Test
    void theAttributionPolicyIsConfigurableAndSkipsAreCounted() {
        WithingsFhirMapper strict = new WithingsFhirMapper(CodeTable.standard(), AttributionPolicy.standard()
                .with(DataQuality.Origin.DEVICE_AMBIGUOUS, AttributionPolicy.Treatment.SKIP), ZoneOffset.UTC);

        MappingResult result = Mapped.body(Fixtures.body("measurement_list.json"), strict);

        assertThat(result.skippedByPolicy()).isEqualTo(2);
        assertThat(result.observations()).noneMatch(observation -> observation.getIdPart().contains("2726389202"));
        assertThat(result.notes()).contains("2 measurement(s) skipped by the attribution policy");
    }

    @Test
    void segmentalBodyCompositionIsOneObservationPerPosition() {
        MappingResult result = Mapped.fixture("measurement_positions.json");

        assertThat(result.observations()).filteredOn(observation -> Mapped.withingsCode(observation).equals(
                java.util.Optional.of("173")) && observation.getIdPart().contains("5149666502"))
                .extracting(Observation::getIdPart)
                .containsExactlyInAnyOrder("withings-12345678-grp-5149666502-173-p12",
                        "withings-12345678-grp-5149666502-173-p10", "withings-12345678-grp-5149666502-173-p3",
                        "withings-12345678-grp-5149666502-173-p11", "withings-12345678-grp-5149666502-173-p2");
        Observation leftArm = byId(result, "withings-12345678-grp-5149666502-173-p3");
        assertQuantity(leftArm.getValueQuantity(), "4.69", "kg");
        assertThat(leftArm.getBodySite().getCodingFirstRep().getCode()).isEqualTo("3");
        assertThat(leftArm.getBodySite().getText()).isEqualTo("left arm");
        assertThat(Mapped.loinc(leftArm)).isEmpty();
        assertThat(leftArm.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2024-01-09T04:08:39+01:00");

        assertThat(result.observations()).filteredOn(observation -> observation.getIdPart()
                .equals("withings-12345678-grp-5149666502-5-p7")).hasSize(1);
        assertQuantity(byId(result, "withings-12345678-grp-5149666502-170-p7").getValueQuantity(), "3.2", "1");
        assertQuantity(byId(result, "withings-12345678-grp-5149666502-226-p7").getValueQuantity(), "2263", "kcal/d");
        Observation fatRatio = byId(result, "withings-12345678-grp-5149666502-6");
        assertThat(Mapped.loinc(fatRatio)).contains("41982-0");
        assertQuantity(fatRatio.getValueQuantity(), "19.467", "%");
        assertQuantity(byId(result, "withings-12345678-grp-5149666502-8-p7").getValueQuantity(), "18.66", "kg");
    }

    @Test
    void afibResultsAreCodedValuesAndUnmappedTypesKeepTheirWithingsCoding() {
        MappingResult result = Mapped.fixture("measurement_list_2.json");

        Observation afib = byId(result, "withings-12345678-grp-5122267193-130");
        assertThat(afib.hasValueQuantity()).isFalse();
        CodeableConcept value = afib.getValueCodeableConcept();
        assertThat(value.getCodingFirstRep().getSystem()).isEqualTo(FhirSystems.WITHINGS_CODED_VALUE_PREFIX + "afib-result");
        assertThat(value.getCodingFirstRep().getCode()).isEqualTo("8");
        assertThat(value.getCodingFirstRep().getDisplay()).isEqualTo("inconclusive (US)");
        assertThat(Mapped.loinc(afib)).isEmpty();

        Observation electrodermal = byId(result, "withings-12345678-grp-5109691089-196");
        assertThat(electrodermal.getCode().getCoding()).extracting(Coding::getSystem)
                .containsExactly(FhirSystems.WITHINGS_MEASURE_TYPE);
        assertQuantity(electrodermal.getValueQuantity(), "54.897", "1");
    }

    @Test
    void anUnknownMeasureTypeIsMappedWithTheWithingsCodingAndReported() throws Exception {
        JsonNode body = new ObjectMapper().readTree("""
                {"updatetime": 1700000100, "timezone": "America/New_York", "more": 0, "offset": 0,
                 "measuregrps": [{"grpid": 9000000001, "attrib": 0, "date": 1700000000, "created": 1700000050,
                   "category": 1, "deviceid": null, "hash_deviceid": null,
                   "measures": [{"value": 4215, "type": 9999, "unit": -2}]}]}""");

        MappingResult result = Mapped.body(body, WithingsFhirMapper.standard());

        Observation unknown = byId(result, "withings-12345678-grp-9000000001-9999");
        assertThat(unknown.getCode().getCoding()).singleElement().satisfies(coding -> {
            assertThat(coding.getSystem()).isEqualTo(FhirSystems.WITHINGS_MEASURE_TYPE);
            assertThat(coding.getCode()).isEqualTo("9999");
        });
        assertThat(unknown.getValueQuantity().getValue()).isEqualByComparingTo("42.15");
        assertThat(unknown.getValueQuantity().hasSystem()).isFalse();
        assertThat(unknown.hasCategory()).isFalse();
        assertThat(unknown.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2023-11-14T17:13:20-05:00");
        assertThat(result.notes()).contains(
                "measure type 9999 in group 9000000001 is not in the code table; mapped with the Withings coding only");
        assertThat(R4Validation.errors(unknown)).isEmpty();
    }

    @Test
    void aGroupWithOnlyTheSystolicPressureIsABloodPressurePanelWhoseDiastolicIsAbsent() throws Exception {
        JsonNode body = new ObjectMapper().readTree("""
                {"updatetime": 1700000100, "timezone": "Europe/Paris", "more": 0, "offset": 0,
                 "measuregrps": [{"grpid": 9000000002, "attrib": 0, "date": 1700000000, "created": 1700000050,
                   "category": 1, "deviceid": null, "hash_deviceid": null,
                   "measures": [{"value": 131, "type": 10, "unit": 0}]}]}""");

        Observation panel = byId(Mapped.body(body, WithingsFhirMapper.standard()), "withings-12345678-grp-9000000002-bp");

        assertThat(panel.getMeta().getProfile()).extracting(profile -> profile.getValue())
                .containsExactly("http://hl7.org/fhir/StructureDefinition/bp");
        assertQuantity(panel.getComponent().get(0).getValueQuantity(), "131", "mm[Hg]");
        assertThat(panel.getComponent().get(1).getCode().getCodingFirstRep().getCode()).isEqualTo("8462-4");
        assertThat(panel.getComponent().get(1).hasValue()).isFalse();
        assertThat(panel.getComponent().get(1).getDataAbsentReason().getCodingFirstRep().getCode()).isEqualTo("unknown");
        assertThat(R4Validation.errors(panel)).isEmpty();
    }

    static void assertQuantity(Quantity quantity, String value, String ucum) {
        assertThat(quantity.getValue()).isEqualByComparingTo(new BigDecimal(value));
        assertThat(quantity.getSystem()).isEqualTo(FhirSystems.UCUM);
        assertThat(quantity.getCode()).isEqualTo(ucum);
    }
}
