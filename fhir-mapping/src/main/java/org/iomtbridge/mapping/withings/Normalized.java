package org.iomtbridge.mapping.withings;

import org.iomtbridge.mapping.normalized.DeviceRef;
import org.iomtbridge.mapping.normalized.Measurement;

import java.util.List;

/**
 * Measurements normalized from one Withings answer, the devices it names, and what is worth reporting about it
 * (undocumented codes, values that could not be mapped).
 */
public record Normalized(List<Measurement> measurements, List<DeviceRef> devices, List<String> notes) {

    public Normalized {
        measurements = List.copyOf(measurements);
        devices = List.copyOf(devices);
        notes = List.copyOf(notes);
    }
}
