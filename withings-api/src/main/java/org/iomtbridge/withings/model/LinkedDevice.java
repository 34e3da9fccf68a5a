package org.iomtbridge.withings.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device linked to a member by user v2 {@code activate}.
 *
 * @param type what kind of device, for example {@code Blood Pressure Monitor}
 */
public record LinkedDevice(MacAddress macAddress, String type, Optional<String> model, OptionalInt modelId) {
}
