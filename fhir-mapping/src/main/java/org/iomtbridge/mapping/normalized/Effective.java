package org.iomtbridge.mapping.normalized;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * When a measurement applies, in the user's local time with its UTC offset: an instant, or a period when an end
 * is given (a night, a day, a workout).
 */
public record Effective(OffsetDateTime start, Optional<OffsetDateTime> end) {

    public static Effective at(OffsetDateTime instant) {
        return new Effective(instant, Optional.empty());
    }

    public static Effective between(OffsetDateTime start, OffsetDateTime end) {
        return new Effective(start, Optional.of(end));
    }
}
