package org.iomtbridge.emulator.world;

import org.iomtbridge.emulator.EmulatorProperties;
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

/** The emulator's users and their data; every change is published as a {@link DataChanged}. */
@Component
public class World {

    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Paris"), ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Tokyo"), ZoneId.of("Europe/Amsterdam"), ZoneId.of("Australia/Sydney"));

    private final Map<Long, SimUser> users = new ConcurrentHashMap<>();
    private final AtomicLong userIds = new AtomicLong(12_345_677L);
    private final HistoryGenerator generator;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom passwords = new SecureRandom();

    public World(EmulatorProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.generator = new HistoryGenerator(properties.seed());
        this.events = events;
        this.clock = clock;
        for (int i = 0; i < properties.users(); i++) {
            createUser(Optional.empty(), Optional.empty(), Optional.empty(), properties.historyDays(), false);
        }
    }

    public HistoryGenerator generator() {
        return generator;
    }

    /**
     * A new user with devices and {@code historyDays} days of history up to today.
     *
     * @param notify whether the history is announced to notification subscriptions (it is not at start-up)
     */
    public SimUser createUser(Optional<String> email, Optional<String> password, Optional<ZoneId> zone, int historyDays,
                              boolean notify) {
        long userid = userIds.incrementAndGet();
        SimUser user = new SimUser(userid, email.orElse("user" + userid + "@emulator.local"),
                password.orElseGet(this::newPassword), zone.orElse(ZONES.get((int) (userid % ZONES.size()))),
                generator.devicesFor(userid));
        users.put(userid, user);
        addDays(user, historyDays, notify);
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

    private String newPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".charAt(passwords.nextInt(57)));
        }
        return password.toString();
    }
}
