package org.iomtbridge.emulator;

import org.iomtbridge.emulator.state.WorldFile;
import org.iomtbridge.emulator.world.HistoryGenerator;
import org.iomtbridge.emulator.world.SimUser;
import org.iomtbridge.emulator.world.StoredGroup;
import org.iomtbridge.emulator.world.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Histories are deterministic per seed, and never in the future. */
class HistoryGeneratorTest {

    private static final long NOW = 1_795_600_000L;

    @TempDir
    Path folder;

    /** A user with devices and no history yet, in a world of its own that is never written. */
    private SimUser newUser() {
        EmulatorProperties properties = new EmulatorProperties(null, 0, 0, 0, 0, 7, 0, folder, null);
        World world = new World(properties, new WorldFile(properties), event -> { }, Clock.systemUTC());
        return world.createUser(Optional.empty(), "pw", Optional.of(ZoneId.of("Europe/Paris")), 0, false);
    }

    @Test
    void theSameSeedGivesTheSameMeasuresAndAnotherSeedOthers() {
        assertThat(values(7)).isEqualTo(values(7)).isNotEqualTo(values(8));
    }

    @Test
    void aDayIsPlausibleAndNothingIsDatedAfterNow() {
        HistoryGenerator generator = new HistoryGenerator(7);
        SimUser user = newUser();
        for (int back = 0; back < 10; back++) {
            generator.generateDay(user, LocalDate.of(2026, 11, 25).minusDays(back), NOW, false);
        }

        List<StoredGroup> groups = user.groups(group -> true);
        assertThat(groups).allSatisfy(group -> assertThat(group.date()).isLessThanOrEqualTo(NOW));
        assertThat(groups).flatExtracting(StoredGroup::measures).filteredOn(measure -> measure.type() == 1)
                .allSatisfy(weight -> assertThat(weight.value() * Math.pow(10, weight.unit())).isBetween(40.0, 150.0));
        assertThat(groups).flatExtracting(StoredGroup::measures).filteredOn(measure -> measure.type() == 10)
                .allSatisfy(systolic -> assertThat(systolic.value()).isBetween(90L, 180L));
        assertThat(user.nights(night -> true)).hasSizeGreaterThanOrEqualTo(9);
        assertThat(user.ecgs(ecg -> true)).isNotEmpty();
    }

    private List<Long> values(long seed) {
        HistoryGenerator generator = new HistoryGenerator(seed);
        SimUser user = newUser();
        generator.generateDay(user, LocalDate.of(2026, 11, 20), NOW, false);
        return user.groups(group -> true).stream().flatMap(group -> group.measures().stream())
                .map(StoredGroup.StoredMeasure::value).toList();
    }
}
