package org.iomtbridge.mapping.normalized;

import java.util.OptionalInt;

/**
 * How a measurement came to be attributed to the user, from Withings' {@code attrib}.
 *
 * @param origin the class of attribution
 * @param attrib the raw Withings code, kept for traceability; empty for sources without one
 */
public record DataQuality(Origin origin, OptionalInt attrib) {

    public enum Origin {
        /** Measured by a device and attributed without doubt (attrib 0, 8, 5, 15). */
        DEVICE,
        /** Measured by a device, but possibly of another person (attrib 1). */
        DEVICE_AMBIGUOUS,
        /** Entered by the user (attrib 2, 4). */
        MANUAL,
        /** Measured by a device and confirmed by the user (attrib 7). */
        USER_CONFIRMED,
        /** An attribution code Withings has not documented. */
        UNKNOWN
    }

    public static DataQuality device() {
        return new DataQuality(Origin.DEVICE, OptionalInt.empty());
    }
}
