package org.iomtbridge.emulator.world;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** A simulated Withings user with devices and history. Thread-safe: every access holds the user's lock. */
public final class SimUser {

    private final long userid;
    private final String email;
    private final String password;
    private final ZoneId zone;
    private final List<SimDevice> devices;
    private final Map<Long, StoredGroup> groups = new TreeMap<>();
    private final Map<LocalDate, StoredDay> days = new TreeMap<>();
    private final Map<Long, StoredNight> nights = new TreeMap<>();
    private final Map<Long, StoredWorkout> workouts = new TreeMap<>();
    private final Map<Long, StoredEcg> ecgs = new TreeMap<>();
    private boolean linked = true;

    public SimUser(long userid, String email, String password, ZoneId zone, List<SimDevice> devices) {
        this.userid = userid;
        this.email = email;
        this.password = password;
        this.zone = zone;
        this.devices = List.copyOf(devices);
    }

    public long userid() {
        return userid;
    }

    public String email() {
        return email;
    }

    public boolean passwordMatches(String candidate) {
        return password.equals(candidate);
    }

    public String password() {
        return password;
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
        groups.put(group.grpid(), group);
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
        days.put(day.date(), day);
    }

    public synchronized List<StoredDay> days(Predicate<StoredDay> filter) {
        return days.values().stream().filter(filter).toList();
    }

    public synchronized void put(StoredNight night) {
        nights.put(night.id(), night);
    }

    public synchronized List<StoredNight> nights(Predicate<StoredNight> filter) {
        return nights.values().stream().filter(filter).sorted(Comparator.comparing(StoredNight::date)).toList();
    }

    public synchronized void put(StoredWorkout workout) {
        workouts.put(workout.id(), workout);
    }

    public synchronized List<StoredWorkout> workouts(Predicate<StoredWorkout> filter) {
        return workouts.values().stream().filter(filter).sorted(Comparator.comparing(StoredWorkout::startdate)).toList();
    }

    public synchronized void put(StoredEcg ecg) {
        ecgs.put(ecg.signalid(), ecg);
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
        linked = false;
    }

    public synchronized void relink() {
        linked = true;
    }
}
