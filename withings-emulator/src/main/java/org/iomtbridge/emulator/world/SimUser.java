package org.iomtbridge.emulator.world;

import org.iomtbridge.emulator.state.Hashed;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A simulated Withings user with devices and history. Thread-safe: every access holds the user's lock, and every change
 * is written to the world file under it.
 */
public final class SimUser {

    /** The user as the world file keeps it: the password as its SHA-256 only. */
    record Account(long userid, String email, String passwordHash, ZoneId zone, List<SimDevice> devices,
                   boolean linked) {
    }

    private final long userid;
    private final String email;
    private final String passwordHash;
    private final ZoneId zone;
    private final List<SimDevice> devices;
    private final UserTables tables;
    private final Map<Long, StoredGroup> groups = new TreeMap<>();
    private final Map<LocalDate, StoredDay> days = new TreeMap<>();
    private final Map<Long, StoredNight> nights = new TreeMap<>();
    private final Map<Long, StoredWorkout> workouts = new TreeMap<>();
    private final Map<Long, StoredEcg> ecgs = new TreeMap<>();
    private boolean linked;

    SimUser(Account account, UserTables tables) {
        this.userid = account.userid();
        this.email = account.email();
        this.passwordHash = account.passwordHash();
        this.zone = account.zone();
        this.devices = List.copyOf(account.devices());
        this.linked = account.linked();
        this.tables = tables;
    }

    public long userid() {
        return userid;
    }

    public String email() {
        return email;
    }

    public boolean passwordMatches(String candidate) {
        return Hashed.matches(candidate, passwordHash);
    }

    public ZoneId zone() {
        return zone;
    }

    public List<SimDevice> devices() {
        return devices;
    }

    public Optional<SimDevice> device(String type) {
        return devices.stream().filter(device -> device.type().equals(type)).findFirst();
    }

    public synchronized void put(StoredGroup group) {
        restore(group);
        tables.groups().put(UserTables.key(userid, group.grpid()), group);
    }

    public synchronized Optional<StoredGroup> group(long grpid) {
        return Optional.ofNullable(groups.get(grpid));
    }

    /** Live groups matching the filter, newest measurement first, as Withings orders them. */
    public synchronized List<StoredGroup> groups(Predicate<StoredGroup> filter) {
        return groups.values().stream().filter(group -> !group.deleted()).filter(filter)
                .sorted(Comparator.comparingLong(StoredGroup::date).reversed().thenComparing(StoredGroup::grpid))
                .toList();
    }

    /** Every group, deleted ones too, by group id. */
    public synchronized List<StoredGroup> groupsIncludingDeleted() {
        return List.copyOf(groups.values());
    }

    public synchronized void put(StoredDay day) {
        restore(day);
        tables.days().put(UserTables.key(userid, day.date()), day);
    }

    public synchronized List<StoredDay> days(Predicate<StoredDay> filter) {
        return days.values().stream().filter(filter).toList();
    }

    public synchronized void put(StoredNight night) {
        restore(night);
        tables.nights().put(UserTables.key(userid, night.id()), night);
    }

    public synchronized List<StoredNight> nights(Predicate<StoredNight> filter) {
        return nights.values().stream().filter(filter).sorted(Comparator.comparing(StoredNight::date)).toList();
    }

    public synchronized void put(StoredWorkout workout) {
        restore(workout);
        tables.workouts().put(UserTables.key(userid, workout.id()), workout);
    }

    public synchronized List<StoredWorkout> workouts(Predicate<StoredWorkout> filter) {
        return workouts.values().stream().filter(filter).sorted(Comparator.comparing(StoredWorkout::startdate)).toList();
    }

    public synchronized void put(StoredEcg ecg) {
        restore(ecg);
        tables.ecgs().put(UserTables.key(userid, ecg.signalid()), ecg);
    }

    public synchronized List<StoredEcg> ecgs(Predicate<StoredEcg> filter) {
        return ecgs.values().stream().filter(filter).sorted(Comparator.comparingLong(StoredEcg::timestamp)).toList();
    }

    public synchronized Optional<StoredEcg> ecg(long signalid) {
        return Optional.ofNullable(ecgs.get(signalid));
    }

    public synchronized boolean linked() {
        return linked;
    }

    public synchronized void unlink() {
        setLinked(false);
    }

    public synchronized void relink() {
        setLinked(true);
    }

    private void setLinked(boolean now) {
        if (linked != now) {
            linked = now;
            tables.accounts().put(String.valueOf(userid), account());
        }
    }

    synchronized Account account() {
        return new Account(userid, email, passwordHash, zone, devices, linked);
    }

    /** Takes back a record the world file held, without writing it again. */
    synchronized void restore(StoredGroup group) {
        groups.put(group.grpid(), group);
    }

    synchronized void restore(StoredDay day) {
        days.put(day.date(), day);
    }

    synchronized void restore(StoredNight night) {
        nights.put(night.id(), night);
    }

    synchronized void restore(StoredWorkout workout) {
        workouts.put(workout.id(), workout);
    }

    synchronized void restore(StoredEcg ecg) {
        ecgs.put(ecg.signalid(), ecg);
    }
}
