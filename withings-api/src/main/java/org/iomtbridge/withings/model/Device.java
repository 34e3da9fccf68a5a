package org.iomtbridge.withings.model;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A device of user v2 {@code getdevice}.
 *
 * @param type    what kind of device, for example {@code Scale}
 * @param battery {@code high}, {@code medium}, {@code low} or {@code unknown}
 */
public record Device(String type, Optional<String> model, OptionalInt modelId, Optional<String> battery,
                     Optional<String> deviceId, Optional<String> hashDeviceId, Optional<String> timezone,
                     Optional<Instant> firstSessionDate, Optional<Instant> lastSessionDate) {
}
