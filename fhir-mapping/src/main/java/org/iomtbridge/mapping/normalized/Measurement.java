package org.iomtbridge.mapping.normalized;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One vendor-neutral measurement: what was measured, its values in their FHIR units, when, by what device, from
 * which source record, and how trustworthy its attribution is. A FHIR builder needs nothing else.
 *
 * @param kind       the code-table key of what was measured, for example {@code meastype:1}
 * @param value      the measurement's own value; empty for a panel made only of components
 * @param components the parts of a panel (blood pressure) or of a session (a workout's distance, calories, …)
 * @param issued     when the source stored it
 */
public record Measurement(String kind, Optional<MeasuredValue> value, List<Component> components, Effective effective,
                          SourceKey source, Optional<DeviceRef> device, DataQuality quality, Optional<Instant> issued,
                          Optional<BodyPosition> position) {

    public Measurement {
        Objects.requireNonNull(kind, "kind");
        components = List.copyOf(components);
        if (value.isEmpty() && components.isEmpty()) {
            throw new IllegalArgumentException(kind + " has neither a value nor components");
        }
    }

    /** A part of a measurement with its own code-table key. */
    public record Component(String kind, MeasuredValue value) {
    }

    /** Where on the body a segmental measure was taken, by its raw Withings position code. */
    public record BodyPosition(int code) {
    }
}
