package org.iomtbridge.mapping.normalized;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The device that made a measurement, as far as the source names it.
 *
 * @param hashDeviceId the vendor's stable device identifier
 * @param type         what kind of device, for example {@code Scale}, when known
 * @param battery      the battery level reported by the device list, when known
 */
public record DeviceRef(String hashDeviceId, Optional<String> modelName, OptionalInt modelId, Optional<String> type,
                        Optional<String> battery) {

    public static DeviceRef of(String hashDeviceId, Optional<String> modelName, OptionalInt modelId) {
        return new DeviceRef(hashDeviceId, modelName, modelId, Optional.empty(), Optional.empty());
    }
}
