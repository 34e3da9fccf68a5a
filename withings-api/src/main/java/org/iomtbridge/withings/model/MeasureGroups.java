package org.iomtbridge.withings.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The answer of {@code getmeas}: one page, or all pages joined.
 *
 * @param updateTime the server time of the answer: the {@code lastupdate} cursor for the next incremental call
 * @param timezone   the user's profile time zone, for example {@code Europe/Amsterdam}
 */
public record MeasureGroups(Instant updateTime, Optional<String> timezone, List<MeasureGroup> groups, boolean more,
                            long offset) implements Paged {

    public MeasureGroups {
        groups = List.copyOf(groups);
    }
}
