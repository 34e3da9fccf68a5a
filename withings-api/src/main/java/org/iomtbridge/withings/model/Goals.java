package org.iomtbridge.withings.model;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.OptionalLong;

/** The user's goals of user v2 {@code getgoals}; each may be unset. Sleep is in seconds, weight in kg. */
public record Goals(OptionalLong steps, OptionalLong sleepSeconds, Optional<BigDecimal> weightKg) {
}
