package org.iomtbridge.withings.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device linked to a member by user v2 {@code activate}.
 *
 * @param type     what kind of device, for example {@code Blood Pressure Monitor}
 * @param deviceId Withings' id of the device, the one its measures and the member's device list name it by; the
 *                 reference leaves it out of activate's answer ("…"), so it may be missing
 */
public record LinkedDevice(MacAddress macAddress, String type, Optional<String> model, OptionalInt modelId,
                           Optional<String> deviceId) {
}
