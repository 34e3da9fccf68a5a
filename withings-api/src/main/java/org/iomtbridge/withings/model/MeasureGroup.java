package org.iomtbridge.withings.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A measure group of {@code getmeas}: the values one device (or one manual entry) recorded at one moment.
 *
 * @param grpid        the group id; larger than a 32-bit integer
 * @param attrib       the raw attribution code; {@link #knownAttribution()} names it when it is documented
 * @param date         when the measure was taken
 * @param created      when Withings stored it
 * @param modified     when it last changed
 * @param category     1 real measures, 2 user objectives
 * @param hashDeviceId the device's hashed id; empty for manual entries
 * @param modelId      the device model code; {@link DeviceModels#name(int)} names it
 */
public record MeasureGroup(long grpid, int attrib, Instant date, Instant created, Instant modified, int category,
                           Optional<String> deviceId, Optional<String> hashDeviceId, List<Measure> measures,
                           OptionalInt modelId, Optional<String> model, Optional<String> comment) {

    public MeasureGroup {
        measures = List.copyOf(measures);
    }

    public Optional<Attribution> knownAttribution() {
        return Attribution.fromCode(attrib);
    }

    /** The measures of one type, in the order Withings sent them. */
    public List<Measure> measuresOfType(int type) {
        return measures.stream().filter(measure -> measure.type() == type).toList();
    }
}
