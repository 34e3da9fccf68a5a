package org.iomtbridge.emulator.world;

import org.iomtbridge.emulator.EmulatorProperties;
import org.iomtbridge.emulator.state.Hashed;
import org.iomtbridge.emulator.state.Table;
import org.iomtbridge.emulator.state.WorldFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's users and their data, kept in the {@link WorldFile}: the first start makes them from the seed, a
 * later one continues with them. Every change is published as a {@link DataChanged}.
 */
@Component
public class World {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Paris"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Tokyo"), ZoneId.of("Europe/Amsterdam"), ZoneId.of("Australia/Sydney"));
    private static final SecureRandom PASSWORDS = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(World.class);

    private final UserTables tables;
    private final Map<Long, SimUser> users = new ConcurrentHashMap<>();
    private final AtomicLong userIds = new AtomicLong(12_345_677L);
    private final HistoryGenerator generator;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public World(EmulatorProperties properties, WorldFile file, ApplicationEventPublisher events, Clock clock) {
        // The seed of a world stays its own: the histories of days generated later, and intraday data, follow from it.
        Table<Long> seed = file.table("seed", Long.class);
        if (file.fresh()) {
            seed.put("seed", properties.seed());
        }
        this.generator = new HistoryGenerator(seed.loaded().getOrDefault("seed", properties.seed()));
        this.events = events;
        this.clock = clock;
        this.tables = UserTables.in(file);
        if (file.fresh()) {
            for (int i = 0; i < properties.users(); i++) {
                createUser(Optional.empty(), newPassword(), Optional.empty(), properties.historyDays(), false);
            }
            LOG.info("A new world in {}, from seed {}: {} simulated users", file.folder(), generator.seed(), users.size());
        } else {
            restore();
            LOG.info("The world in {} continues: {} simulated users", file.folder(), users.size());
        }
    }

    public HistoryGenerator generator() {
        return generator;
    }

    /**
     * A new user with devices and {@code historyDays} days of history up to today.
     *
     * @param password the password the user signs in with on the authorization page; only its hash is kept
     * @param notify whether the history is announced to notification subscriptions (it is not at start-up)
     */
    public SimUser createUser(Optional<String> email, String password, Optional<ZoneId> zone, int historyDays,
                              boolean notify) {
        long userid = userIds.incrementAndGet();
        SimUser user = add(new SimUser.Account(userid, email.orElse("user" + userid + "@emulator.local"),
                Hashed.sha256(password), zone.orElse(ZONES.get((int) (userid % ZONES.size()))),
                generator.devicesFor(userid), true));
        addDays(user, historyDays, notify);
        return user;
    }

    /**
     * A member whose account a program creates: no devices of their own and no history — the program's devices, once
     * assigned, measure for them. Members never sign in on the authorization page: their password is thrown away.
     */
    public SimUser createMember(String email, ZoneId zone) {
        return add(new SimUser.Account(userIds.incrementAndGet(), email, Hashed.sha256(newPassword()), zone, List.of(),
                true));
    }

    private SimUser add(SimUser.Account account) {
        SimUser user = new SimUser(account, tables);
        tables.accounts().put(String.valueOf(account.userid()), account);
        users.put(account.userid(), user);
        return user;
    }

    /** Generates the {@code days} days up to today; a day generated again gets new measure groups. */
    public void addDays(SimUser user, int days, boolean notify) {
        LocalDate today = LocalDate.now(clock.withZone(user.zone()));
        long now = clock.instant().getEpochSecond();
        for (int back = days - 1; back >= 0; back--) {
            List<DataChanged> changes = generator.generateDay(user, today.minusDays(back), now, notify);
            if (notify) {
                changes.forEach(events::publishEvent);
            }
        }
    }

    public Optional<SimUser> user(long userid) {
        return Optional.ofNullable(users.get(userid));
    }

    public Optional<SimUser> userByEmail(String email) {
        return users.values().stream().filter(user -> user.email().equalsIgnoreCase(email)).findFirst();
    }

    public Collection<SimUser> users() {
        return users.values().stream().sorted((a, b) -> Long.compare(a.userid(), b.userid())).toList();
    }

    public void publish(DataChanged change) {
        events.publishEvent(change);
    }

    public long now() {
        return clock.instant().getEpochSecond();
    }

    /** A password for a new simulated user, who is given it once: the world keeps its hash. */
    public static String newPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".charAt(PASSWORDS.nextInt(57)));
        }
        return password.toString();
    }

    /**
     * The users and their records as the world file kept them. Ids go on after the largest ever given, deleted groups
     * included, so that no id names two things.
     */
    private void restore() {
        tables.accounts().loaded().values().forEach(account -> {
            users.put(account.userid(), new SimUser(account, tables));
            userIds.accumulateAndGet(account.userid(), Math::max);
        });
        tables.groups().loaded().forEach((key, group) -> {
            owner(key).restore(group);
            generator.continueGroupIdsAfter(group.grpid());
        });
        tables.days().loaded().forEach((key, day) -> owner(key).restore(day));
        tables.nights().loaded().forEach((key, night) -> {
            owner(key).restore(night);
            generator.continueSummaryIdsAfter(night.id());
        });
        tables.workouts().loaded().forEach((key, workout) -> {
            owner(key).restore(workout);
            generator.continueWorkoutIdsAfter(workout.id());
        });
        tables.ecgs().loaded().forEach((key, ecg) -> {
            owner(key).restore(ecg);
            generator.continueSignalIdsAfter(ecg.signalid());
        });
    }

    private SimUser owner(String key) {
        SimUser user = users.get(UserTables.userid(key));
        if (user == null) {
            throw new IllegalStateException("The emulator's world holds record " + key + " of no user");
        }
        return user;
    }
}
