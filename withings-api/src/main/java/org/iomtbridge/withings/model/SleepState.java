package org.iomtbridge.withings.model;

import java.util.Arrays;
import java.util.Optional;

/** The documented sleep states of sleep v2 {@code get}. Unknown codes stay raw in {@link SleepSegment#state()}. */
public enum SleepState {
    AWAKE(0), LIGHT(1), DEEP(2), REM(3), MANUAL(4), UNSPECIFIED(5);

    private final int code;

    SleepState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<SleepState> fromCode(int code) {
        return Arrays.stream(values()).filter(value -> value.code == code).findFirst();
    }
}
