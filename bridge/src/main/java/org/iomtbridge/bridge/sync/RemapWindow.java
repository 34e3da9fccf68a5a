package org.iomtbridge.bridge.sync;

import java.io.Serializable;
import java.time.Instant;

/** What one remap task writes again: the user's archived answers received in {@code [from, to)}. */
record RemapWindow(String withingsUserId, Instant from, Instant to) implements Serializable {

    /** The same window asked for twice is one task. */
    String taskInstanceId() {
        return withingsUserId + "/" + from.getEpochSecond() + "-" + to.getEpochSecond();
    }
}
