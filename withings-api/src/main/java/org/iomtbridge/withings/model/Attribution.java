package org.iomtbridge.withings.model;

import java.util.Arrays;
import java.util.Optional;

/** The documented {@code attrib} codes of a measure group: who or what produced it. */
public enum Attribution {
    DEVICE_UNAMBIGUOUS(0, "measured by a device and attributed to the user without doubt"),
    DEVICE_AMBIGUOUS(1, "measured by a device, possibly for another user"),
    MANUAL(2, "entered manually"),
    MANUAL_AT_CREATION(4, "entered manually when the account was created"),
    AUTO_BPM_BEST_OF_SERIES(5, "measured automatically by a blood-pressure monitor, best of a series"),
    USER_CONFIRMED(7, "measured by a device, confirmed by the user"),
    DEVICE_UNAMBIGUOUS_ALT(8, "measured by a device and attributed to the user without doubt (same as 0)"),
    GUIDED(15, "guided measurement");

    private final int code;
    private final String description;

    Attribution(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public static Optional<Attribution> fromCode(int code) {
        return Arrays.stream(values()).filter(value -> value.code == code).findFirst();
    }
}
