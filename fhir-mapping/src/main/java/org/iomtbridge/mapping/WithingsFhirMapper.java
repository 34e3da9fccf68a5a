package org.iomtbridge.mapping;

import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.iomtbridge.mapping.codes.CodeTable;
import org.iomtbridge.mapping.codes.ReferenceRanges;
import org.iomtbridge.mapping.fhir.FhirResourceBuilder;
import org.iomtbridge.mapping.normalized.DeviceRef;
import org.iomtbridge.mapping.normalized.Measurement;
import org.iomtbridge.mapping.withings.Normalized;
import org.iomtbridge.mapping.withings.WithingsNormalizer;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Withings answers to FHIR R4: normalizes with {@link WithingsNormalizer}, builds with {@link FhirResourceBuilder},
 * and keeps one resource per id. Pure: the same input always gives the same resources.
 */
public final class WithingsFhirMapper {

    private final CodeTable table;
    private final WithingsNormalizer normalizer;
    private final FhirResourceBuilder builder;
    private final ReferenceRanges ranges;

    /**
     * @param defaultZone the zone of Withings answers that carry none (heart v2 and intraday activity)
     * @param ranges      the reference ranges spot readings are judged against: {@link ReferenceRanges#standard()},
     *                    or a program's own table
     */
    public WithingsFhirMapper(CodeTable table, AttributionPolicy policy, ZoneId defaultZone, ReferenceRanges ranges) {
        this.table = table;
        this.normalizer = new WithingsNormalizer(table, defaultZone);
        this.builder = new FhirResourceBuilder(table, policy, ranges);
        this.ranges = ranges;
    }

    /** With the shipped reference ranges. */
    public WithingsFhirMapper(CodeTable table, AttributionPolicy policy, ZoneId defaultZone) {
        this(table, policy, defaultZone, ReferenceRanges.standard());
    }

    /** The shipped code table and reference ranges, the standard attribution policy, UTC for answers without a zone. */
    public static WithingsFhirMapper standard() {
        return new WithingsFhirMapper(CodeTable.standard(), AttributionPolicy.standard(), ZoneOffset.UTC);
    }

    /** The ranges readings are judged against when no schedule says otherwise. */
    public ReferenceRanges referenceRanges() {
        return ranges;
    }

    public CodeTable codeTable() {
        return table;
    }

    public WithingsNormalizer normalizer() {
        return normalizer;
    }

    public FhirResourceBuilder builder() {
        return builder;
    }

    /** The resources of normalized measurements for the patient, e.g. {@code new Reference("Patient/123")}. */
    public MappingResult toFhir(Normalized normalized, Reference patient) {
        return toFhir(normalized, patient, ReferenceRanges.Schedule.always(ranges));
    }

    /** As {@link #toFhir(Normalized, Reference)}, each reading judged by the ranges in force when it was taken. */
    public MappingResult toFhir(Normalized normalized, Reference patient, ReferenceRanges.Schedule schedule) {
        Map<String, Observation> observations = new LinkedHashMap<>();
        int skipped = 0;
        int duplicates = 0;
        for (Measurement measurement : normalized.measurements()) {
            Optional<Observation> observation = builder.observation(measurement, patient,
                    schedule.at(measurement.effective().start().toInstant()));
            if (observation.isEmpty()) {
                skipped++;
            } else if (observations.putIfAbsent(observation.get().getIdPart(), observation.get()) != null) {
                duplicates++;
            }
        }
        Map<String, Device> devices = new LinkedHashMap<>();
        for (DeviceRef ref : normalized.devices()) {
            Device device = builder.device(ref, patient);
            devices.putIfAbsent(device.getIdPart(), device);
        }
        List<String> notes = new java.util.ArrayList<>(normalized.notes());
        if (skipped > 0) {
            notes.add(skipped + " measurement(s) skipped by the attribution policy");
        }
        return new MappingResult(List.copyOf(observations.values()), List.copyOf(devices.values()), notes, skipped,
                duplicates);
    }
}
