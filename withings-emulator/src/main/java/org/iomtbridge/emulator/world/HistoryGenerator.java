package org.iomtbridge.emulator.world;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * Plausible, deterministic histories: the same seed, user and day always give the same data. A day holds a morning
 * weigh-in with body composition, a morning and an evening blood pressure with pulse, an SpO2 spot check, the night
 * before, the day's activity, a temperature every fifth day, a workout every third day, an ECG every seventh day and
 * a manual weight entry every tenth.
 */
public final class HistoryGenerator {

    private final long seed;
    private final AtomicLong groupIds = new AtomicLong(5_100_000_000L);
    private final AtomicLong summaryIds = new AtomicLong(2_100_000_000L);
    private final AtomicLong workoutIds = new AtomicLong(3_700_000_000L);
    private final AtomicLong signalIds = new AtomicLong(880_000_000L);

    public HistoryGenerator(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The world already holds group {@code grpid}: new groups get larger ids. */
    void continueGroupIdsAfter(long grpid) {
        groupIds.accumulateAndGet(grpid, Math::max);
    }

    void continueSummaryIdsAfter(long id) {
        summaryIds.accumulateAndGet(id, Math::max);
    }

    void continueWorkoutIdsAfter(long id) {
        workoutIds.accumulateAndGet(id, Math::max);
    }

    void continueSignalIdsAfter(long signalid) {
        signalIds.accumulateAndGet(signalid, Math::max);
    }

    public List<SimDevice> devicesFor(long userid) {
        Random random = random(userid, 0);
        return List.of(
                new SimDevice(hex(random), "Scale", "Body+", 5, "high", 1_600_000_000L),
                new SimDevice(hex(random), "Blood Pressure Monitor", "BPM Core", 44, "medium", 1_600_000_000L),
                new SimDevice(hex(random), "Activity Tracker", "ScanWatch", 93, "high", 1_600_000_000L),
                new SimDevice(hex(random), "Thermometer", "Thermo", 70, "low", 1_600_000_000L),
                new SimDevice(hex(random), "Sleep Monitor", "Sleep Analyzer", 63, "unknown", 1_600_000_000L));
    }

    /**
     * One day of data of the user, up to {@code now}. History already held before the user connected an application
     * is stored (Withings' created/modified) when it was measured, as devices upload it; data arriving {@code live}
     * is stored {@code now}, as a new upload is.
     */
    public List<DataChanged> generateDay(SimUser user, LocalDate day, long now, boolean live) {
        Random random = random(user.userid(), day.toEpochDay());
        LongUnaryOperator stored = happened -> live ? now : Math.min(happened, now);
        ZoneId zone = user.zone();
        List<DataChanged> changes = new ArrayList<>();
        long weighIn = at(day, zone, 7, random.nextInt(50));
        double weight = 72 + (user.userid() % 17) + Math.sin(day.toEpochDay() / 9.0) + random.nextGaussian() * 0.3;
        double fatRatio = 22 + random.nextGaussian();
        user.device("Scale").filter(scale -> weighIn <= now).ifPresent(scale -> {
            user.put(group(0, weighIn, stored.applyAsLong(weighIn), scale,
                    measure(1, Math.round(weight * 1000), -3),
                    measure(6, Math.round(fatRatio * 1000), -3),
                    measure(8, Math.round(weight * fatRatio * 10), -3),
                    measure(5, Math.round(weight * (100 - fatRatio) * 10), -3),
                    measure(76, Math.round(weight * (100 - fatRatio) * 0.93 * 10), -3),
                    measure(77, Math.round(weight * 0.55 * 100), -2),
                    measure(88, Math.round(weight * 0.04 * 100), -2)));
            changes.add(DataChanged.measures(user.userid(), 1, weighIn, weighIn));
        });
        user.device("Blood Pressure Monitor").ifPresent(monitor -> {
            for (int hour : new int[] {8, 21}) {
                long taken = at(day, zone, hour, random.nextInt(50));
                int systolic = 118 + random.nextInt(22);
                if (taken > now) {
                    continue;
                }
                user.put(group(0, taken, stored.applyAsLong(taken), monitor, measure(10, systolic, 0),
                        measure(9, systolic - 40 + random.nextInt(10), 0), measure(11, 58 + random.nextInt(25), 0)));
                changes.add(DataChanged.measures(user.userid(), 4, taken, taken));
            }
        });
        user.device("Activity Tracker").ifPresent(watch -> {
            long spotCheck = at(day, zone, 12, random.nextInt(50));
            if (spotCheck <= now) {
                user.put(group(0, spotCheck, stored.applyAsLong(spotCheck), watch, measure(54, 94 + random.nextInt(6), 0)));
                changes.add(DataChanged.measures(user.userid(), 4, spotCheck, spotCheck));
            }
            long dayEnd = at(day.plusDays(1), zone, 0, 0);
            user.put(activityDay(day, stored.applyAsLong(dayEnd), watch, random));
            changes.add(new DataChanged(user.userid(), 16, at(day, zone, 0, 0), dayEnd,
                    java.util.Optional.of(day), java.util.Optional.empty()));
            StoredWorkout workout = workout(day, stored, watch, random, zone);
            if (day.toEpochDay() % 3 == 0 && workout.enddate() <= now) {
                user.put(workout);
            }
            long recorded = at(day, zone, 18, random.nextInt(50));
            if (day.toEpochDay() % 7 == 0 && recorded <= now) {
                user.put(ecg(recorded, stored.applyAsLong(recorded), watch, random, 300, null, null));
                user.put(group(0, recorded, stored.applyAsLong(recorded), watch, measure(130, random.nextInt(10) == 0 ? 1 : 0, 0),
                        measure(135, 90 + random.nextInt(20), 0), measure(136, 150 + random.nextInt(40), 0),
                        measure(137, 380 + random.nextInt(40), 0), measure(138, 400 + random.nextInt(30), 0),
                        measure(11, 60 + random.nextInt(20), 0)));
                changes.add(DataChanged.measures(user.userid(), 54, recorded, recorded));
            }
        });
        user.device("Sleep Monitor").ifPresent(analyzer -> {
            StoredNight night = night(day, stored, analyzer, random, zone);
            if (night.enddate() <= now) {
                user.put(night);
                changes.add(DataChanged.measures(user.userid(), 44, night.startdate(), night.enddate()));
            }
        });
        long thermometerTime = at(day, zone, 19, random.nextInt(50));
        if (day.toEpochDay() % 5 == 0 && thermometerTime <= now) {
            user.device("Thermometer").ifPresent(thermometer -> {
                long taken = thermometerTime;
                user.put(group(0, taken, stored.applyAsLong(taken), thermometer, measure(71, 3640 + random.nextInt(80), -2)));
                changes.add(DataChanged.measures(user.userid(), 2, taken, taken));
            });
        }
        long entered = at(day, zone, 20, 0);
        if (day.toEpochDay() % 10 == 0 && entered <= now) {
            user.put(group(2, entered, stored.applyAsLong(entered), null, measure(1, Math.round(weight * 10), -1)));
            changes.add(DataChanged.measures(user.userid(), 1, entered, entered));
        }
        return changes;
    }

    /** A new group stored now, for the control API and live mode. */
    public StoredGroup group(int attrib, long date, long now, SimDevice device, StoredGroup.StoredMeasure... measures) {
        return new StoredGroup(groupIds.incrementAndGet(), attrib, date, now, now, 1, device, List.of(measures), false);
    }

    public static StoredGroup.StoredMeasure measure(int type, long value, int unit) {
        return new StoredGroup.StoredMeasure(type, value, unit, null);
    }

    public StoredEcg ecg(long recorded, long now, SimDevice device, Random random, int frequency, Integer systole,
                         Integer diastole) {
        int heartRate = 60 + random.nextInt(25);
        List<Integer> samples = new ArrayList<>(frequency * 10);
        double beat = 60.0 / heartRate;
        for (int i = 0; i < frequency * 10; i++) {
            double t = (double) i / frequency;
            double phase = (t % beat) / beat;
            double spike = Math.exp(-Math.pow((phase - 0.3) * 40, 2)) * 1200;
            double wave = Math.sin(2 * Math.PI * phase) * 80 + Math.exp(-Math.pow((phase - 0.55) * 10, 2)) * 250;
            samples.add((int) Math.round(spike + wave + random.nextGaussian() * 15));
        }
        return new StoredEcg(signalIds.incrementAndGet(), recorded, now, device, random.nextInt(12) == 0 ? 1 : 0,
                heartRate, systole, diastole, frequency, 1, samples);
    }

    private StoredDay activityDay(LocalDate day, long modified, SimDevice watch, Random random) {
        int steps = 3000 + random.nextInt(9000);
        int soft = 1800 + random.nextInt(3600);
        int moderate = 300 + random.nextInt(1800);
        int intense = random.nextInt(900);
        double calories = steps * 0.045 + intense * 0.1;
        Map<String, Number> values = new LinkedHashMap<>();
        values.put("steps", steps);
        values.put("distance", Math.round(steps * 0.76 * 1000) / 1000.0);
        values.put("elevation", random.nextInt(40));
        values.put("soft", soft);
        values.put("moderate", moderate);
        values.put("intense", intense);
        values.put("active", moderate + intense);
        values.put("calories", Math.round(calories * 1000) / 1000.0);
        values.put("totalcalories", Math.round((1700 + calories) * 1000) / 1000.0);
        values.put("hr_average", 65 + random.nextInt(15));
        values.put("hr_min", 48 + random.nextInt(10));
        values.put("hr_max", 120 + random.nextInt(50));
        values.put("hr_zone_0", 30000 + random.nextInt(10000));
        values.put("hr_zone_1", 3000 + random.nextInt(3000));
        values.put("hr_zone_2", random.nextInt(1500));
        values.put("hr_zone_3", random.nextInt(300));
        return new StoredDay(day, modified, watch, values);
    }

    private StoredNight night(LocalDate day, LongUnaryOperator stored, SimDevice analyzer,
                              Random random, ZoneId zone) {
        long start = at(day.minusDays(1), zone, 22, random.nextInt(60));
        int light = 10000 + random.nextInt(5000);
        int deep = 4000 + random.nextInt(3000);
        int rem = 3000 + random.nextInt(3000);
        int awake = 600 + random.nextInt(2400);
        int latency = 300 + random.nextInt(900);
        int sleep = light + deep + rem;
        long end = start + latency + sleep + awake;
        Map<String, Number> data = new LinkedHashMap<>();
        data.put("wakeupduration", awake);
        data.put("wakeupcount", 1 + random.nextInt(4));
        data.put("durationtosleep", latency);
        data.put("remsleepduration", rem);
        data.put("durationtowakeup", 300 + random.nextInt(900));
        data.put("total_timeinbed", end - start);
        data.put("total_sleep_time", sleep);
        data.put("sleep_efficiency", Math.round(100.0 * sleep / (end - start)) / 100.0);
        data.put("sleep_latency", latency);
        data.put("wakeup_latency", 300 + random.nextInt(900));
        data.put("waso", awake);
        data.put("nb_rem_episodes", 2 + random.nextInt(3));
        data.put("out_of_bed_count", random.nextInt(2));
        data.put("lightsleepduration", light);
        data.put("deepsleepduration", deep);
        data.put("hr_average", 55 + random.nextInt(15));
        data.put("hr_min", 45 + random.nextInt(8));
        data.put("hr_max", 80 + random.nextInt(20));
        data.put("rr_average", 13 + random.nextInt(4));
        data.put("rr_min", 9 + random.nextInt(3));
        data.put("rr_max", 18 + random.nextInt(5));
        data.put("breathing_disturbances_intensity", random.nextInt(20));
        data.put("snoring", random.nextInt(1800));
        data.put("snoringepisodecount", random.nextInt(20));
        data.put("sleep_score", 60 + random.nextInt(40));
        data.put("apnea_hypopnea_index", random.nextInt(10));
        long storedAt = stored.applyAsLong(end);
        return new StoredNight(summaryIds.incrementAndGet(), day, start, end, storedAt, storedAt, analyzer, data);
    }

    private StoredWorkout workout(LocalDate day, LongUnaryOperator stored, SimDevice watch,
                                  Random random, ZoneId zone) {
        int category = random.nextBoolean() ? 1 : 2;
        long start = at(day, zone, 17, random.nextInt(50));
        int minutes = 20 + random.nextInt(40);
        Map<String, Number> data = new LinkedHashMap<>();
        data.put("calories", minutes * (category == 2 ? 11 : 5));
        data.put("intensity", 30 + random.nextInt(60));
        data.put("manual_distance", 0);
        data.put("manual_calories", 0);
        data.put("hr_average", 100 + random.nextInt(40));
        data.put("hr_min", 70 + random.nextInt(20));
        data.put("hr_max", 140 + random.nextInt(40));
        data.put("hr_zone_0", minutes * 6);
        data.put("hr_zone_1", minutes * 24);
        data.put("hr_zone_2", minutes * 24);
        data.put("hr_zone_3", minutes * 6);
        data.put("pause_duration", random.nextInt(120));
        data.put("steps", minutes * (category == 2 ? 160 : 105));
        data.put("distance", minutes * (category == 2 ? 160 : 80));
        data.put("elevation", random.nextInt(30));
        data.put("spo2_average", 95 + random.nextInt(4));
        data.put("algo_pause_duration", null);
        long end = start + minutes * 60L;
        return new StoredWorkout(workoutIds.incrementAndGet(), category, day, start, end, stored.applyAsLong(end), watch,
                data);
    }

    /** A segment of a night's hypnogram (sleep v2 get), derived from the night so that it needs no storage. */
    public record Segment(long startdate, long enddate, int state, Map<Long, Integer> hr, Map<Long, Integer> rr,
                          Map<Long, Integer> snoring) {
    }

    public List<Segment> segments(StoredNight night) {
        Random random = new Random(seed ^ night.id());
        List<Segment> segments = new ArrayList<>();
        long start = night.startdate();
        int[] cycle = {0, 1, 2, 1, 3, 1, 2, 1, 3, 0};
        int index = 0;
        while (start < night.enddate()) {
            long end = Math.min(night.enddate(), start + 600 + random.nextInt(1800));
            Map<Long, Integer> hr = new LinkedHashMap<>();
            Map<Long, Integer> rr = new LinkedHashMap<>();
            Map<Long, Integer> snoring = new LinkedHashMap<>();
            for (long t = start; t < end; t += 60) {
                hr.put(t, 50 + random.nextInt(20));
                rr.put(t, 12 + random.nextInt(5));
                snoring.put(t, random.nextInt(10) == 0 ? 1 : 0);
            }
            segments.add(new Segment(start, end, cycle[index++ % cycle.length], hr, rr, snoring));
            start = end;
        }
        return segments;
    }

    /** Intraday samples every 10 minutes in [start, end), derived from the user and the time. */
    public List<Map<String, Object>> intraday(SimUser user, long start, long end) {
        SimDevice watch = user.device("Activity Tracker").orElse(null);
        List<Map<String, Object>> samples = new ArrayList<>();
        if (watch == null) {
            return samples;
        }
        for (long t = start - Math.floorMod(start, 600) + (Math.floorMod(start, 600) == 0 ? 0 : 600); t < end; t += 600) {
            Random random = random(user.userid(), t);
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("timestamp", t);
            sample.put("deviceid", watch.hashDeviceId());
            sample.put("model", watch.model());
            sample.put("model_id", watch.modelId());
            int hour = java.time.Instant.ofEpochSecond(t).atZone(user.zone()).getHour();
            if (hour >= 7 && hour < 22) {
                sample.put("steps", random.nextInt(400));
                sample.put("elevation", random.nextInt(3));
                sample.put("calories", Math.round(random.nextDouble() * 2000) / 100.0);
                sample.put("distance", random.nextInt(300));
                sample.put("duration", 600);
            }
            sample.put("heart_rate", 55 + random.nextInt(40));
            if (Math.floorMod(t, 3600) == 0) {
                sample.put("spo2_auto", 94 + random.nextInt(6));
            }
            samples.add(sample);
        }
        return samples;
    }

    private static long at(LocalDate day, ZoneId zone, int hour, int minute) {
        return ZonedDateTime.of(day.atTime(hour, minute), zone).toEpochSecond();
    }

    private Random random(long userid, long salt) {
        return new Random(seed * 31 + userid * 1_000_003L + salt);
    }

    private static String hex(Random random) {
        StringBuilder hex = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }
}
