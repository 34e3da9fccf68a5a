package org.iomtbridge.emulator.api;

import org.iomtbridge.emulator.world.HistoryGenerator;
import org.iomtbridge.emulator.world.SimDevice;
import org.iomtbridge.emulator.world.SimUser;
import org.iomtbridge.emulator.world.StoredDay;
import org.iomtbridge.emulator.world.StoredEcg;
import org.iomtbridge.emulator.world.StoredGroup;
import org.iomtbridge.emulator.world.StoredNight;
import org.iomtbridge.emulator.world.StoredWorkout;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The bodies of Withings' data calls for a simulated user, shaped like the recorded responses: the same field names
 * and JSON types, {@code more} as 0/1 in getmeas and as a boolean in the v2 calls.
 */
public final class DataResponses {

    private static final Set<String> DEFAULT_SLEEP_FIELDS = Set.of("wakeupduration", "wakeupcount", "durationtosleep",
            "remsleepduration", "durationtowakeup", "total_timeinbed", "total_sleep_time", "sleep_efficiency",
            "sleep_latency", "wakeup_latency", "waso", "nb_rem_episodes", "out_of_bed_count", "lightsleepduration",
            "deepsleepduration");
    private static final long DAY = 86_400;

    private final HistoryGenerator generator;
    private final int pageSize;

    public DataResponses(HistoryGenerator generator, int pageSize) {
        this.generator = generator;
        this.pageSize = pageSize;
    }

    public Map<String, Object> getmeas(SimUser user, Params params, long now) {
        long category = params.number("category").orElse(1L);
        List<Integer> types = params.text("meastype").map(type -> List.of(Integer.parseInt(type)))
                .orElseGet(() -> params.list("meastypes").stream().map(Integer::parseInt).toList());
        var lastupdate = params.number("lastupdate");
        var start = params.number("startdate");
        var end = params.number("enddate");
        List<StoredGroup> groups = user.groups(group -> group.category() == category
                && lastupdate.map(since -> group.modified() > since).orElse(true)
                && start.map(from -> group.date() >= from).orElse(true)
                && end.map(to -> group.date() <= to).orElse(true)
                && (types.isEmpty() || group.measures().stream().anyMatch(measure -> types.contains(measure.type()))));
        Page<StoredGroup> page = Page.of(groups, params.offset(), pageSize);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("updatetime", now);
        body.put("timezone", user.zone().getId());
        body.put("measuregrps", page.items().stream().map(group -> group(group, types)).toList());
        body.put("more", page.more() ? 1 : 0);
        body.put("offset", page.nextOffset());
        return body;
    }

    public Map<String, Object> activity(SimUser user, Params params) {
        var range = dayRange(params);
        var lastupdate = params.number("lastupdate");
        List<String> fields = params.list("data_fields");
        List<StoredDay> days = user.days(day -> lastupdate.map(since -> day.modified() > since).orElse(true)
                && range.map(r -> !day.date().isBefore(r.first()) && !day.date().isAfter(r.last())).orElse(true));
        return paged(days, params, "activities", day -> {
            Map<String, Object> item = new LinkedHashMap<>();
            day.values().forEach((field, value) -> {
                if (fields.isEmpty() || fields.contains(field)) {
                    item.put(field, value);
                }
            });
            item.put("deviceid", day.device().hashDeviceId());
            item.put("hash_deviceid", day.device().hashDeviceId());
            item.put("timezone", user.zone().getId());
            item.put("date", day.date().toString());
            item.put("modified", day.modified());
            item.put("brand", 1);
            item.put("modelid", day.device().modelId());
            item.put("model", day.device().model());
            item.put("is_tracker", true);
            return item;
        });
    }

    public Map<String, Object> workouts(SimUser user, Params params) {
        var range = dayRange(params);
        var lastupdate = params.number("lastupdate");
        List<String> fields = params.list("data_fields");
        List<StoredWorkout> workouts = user.workouts(workout -> lastupdate.map(since -> workout.modified() > since).orElse(true)
                && range.map(r -> !workout.date().isBefore(r.first()) && !workout.date().isAfter(r.last())).orElse(true));
        return paged(workouts, params, "series", workout -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", workout.id());
            item.put("category", workout.category());
            item.put("timezone", user.zone().getId());
            item.put("model", workout.device().modelId());
            item.put("attrib", 0);
            item.put("startdate", workout.startdate());
            item.put("enddate", workout.enddate());
            item.put("date", workout.date().toString());
            item.put("deviceid", workout.device().hashDeviceId());
            item.put("data", selected(workout.data(), fields));
            item.put("modified", workout.modified());
            return item;
        });
    }

    public Map<String, Object> sleepSummary(SimUser user, Params params) {
        var range = dayRange(params);
        var lastupdate = params.number("lastupdate");
        List<String> fields = params.list("data_fields");
        List<StoredNight> nights = user.nights(night -> lastupdate.map(since -> night.modified() > since).orElse(true)
                && range.map(r -> !night.date().isBefore(r.first()) && !night.date().isAfter(r.last())).orElse(true));
        return paged(nights, params, "series", night -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", night.id());
            item.put("timezone", user.zone().getId());
            item.put("model", 32);
            item.put("model_id", night.device().modelId());
            item.put("hash_deviceid", night.device().hashDeviceId());
            item.put("startdate", night.startdate());
            item.put("enddate", night.enddate());
            item.put("date", night.date().toString());
            Map<String, Object> data = new LinkedHashMap<>();
            night.data().forEach((field, value) -> {
                if (fields.isEmpty() ? DEFAULT_SLEEP_FIELDS.contains(field) : fields.contains(field)) {
                    data.put(field, value);
                }
            });
            item.put("data", data);
            item.put("created", night.created());
            item.put("modified", night.modified());
            return item;
        });
    }

    /** Sleep v2 get: the segments of the window's first 24 hours, with the asked series. */
    public Map<String, Object> sleep(SimUser user, Params params) {
        long start = params.number("startdate").orElseThrow(() -> WithingsError.invalidParams("missing startdate"));
        long end = Math.min(params.number("enddate").orElseThrow(() -> WithingsError.invalidParams("missing enddate")),
                start + DAY);
        List<String> fields = params.list("data_fields");
        List<Map<String, Object>> series = new ArrayList<>();
        for (StoredNight night : user.nights(night -> night.enddate() > start && night.startdate() < end)) {
            for (HistoryGenerator.Segment segment : generator.segments(night)) {
                if (segment.enddate() <= start || segment.startdate() >= end) {
                    continue;
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("startdate", segment.startdate());
                item.put("state", segment.state());
                item.put("enddate", segment.enddate());
                item.put("model", night.device().model());
                if (fields.contains("hr")) {
                    item.put("hr", keyed(segment.hr()));
                }
                if (fields.contains("rr")) {
                    item.put("rr", keyed(segment.rr()));
                }
                if (fields.contains("snoring")) {
                    item.put("snoring", keyed(segment.snoring()));
                }
                item.put("hash_deviceid", night.device().hashDeviceId());
                item.put("model_id", night.device().modelId());
                series.add(item);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("series", series);
        body.put("model", 32);
        return body;
    }

    public Map<String, Object> heartList(SimUser user, Params params) {
        var start = params.number("startdate");
        var end = params.number("enddate");
        List<StoredEcg> ecgs = user.ecgs(ecg -> start.map(from -> ecg.timestamp() >= from).orElse(true)
                && end.map(to -> ecg.timestamp() <= to).orElse(true));
        return paged(ecgs, params, "series", ecg -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("deviceid", ecg.device().hashDeviceId());
            item.put("model", ecg.device().modelId());
            item.put("ecg", Map.of("signalid", ecg.signalid(), "afib", ecg.afib()));
            if (ecg.systole() != null) {
                item.put("bloodpressure", Map.of("diastole", ecg.diastole(), "systole", ecg.systole()));
            }
            item.put("heart_rate", ecg.heartRate());
            item.put("modified", ecg.modified());
            item.put("timestamp", ecg.timestamp());
            return item;
        });
    }

    public Map<String, Object> heartSignal(SimUser user, Params params) {
        long signalid = params.number("signalid").orElseThrow(() -> WithingsError.invalidParams("missing signalid"));
        StoredEcg ecg = user.ecg(signalid).orElseThrow(() -> WithingsError.invalidParams("unknown signalid"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signal", ecg.signal());
        body.put("sampling_frequency", ecg.samplingFrequency());
        body.put("wearposition", ecg.wearPosition());
        body.put("model", ecg.device().modelId());
        body.put("heart_rate", ecg.heartRate());
        return body;
    }

    public Map<String, Object> intraday(SimUser user, Params params) {
        long start = params.number("startdate").orElseThrow(() -> WithingsError.invalidParams("missing startdate"));
        long end = Math.min(params.number("enddate").orElseThrow(() -> WithingsError.invalidParams("missing enddate")),
                start + DAY);
        List<String> fields = params.list("data_fields");
        Map<String, Object> series = new LinkedHashMap<>();
        for (Map<String, Object> sample : generator.intraday(user, start, end)) {
            Map<String, Object> item = new LinkedHashMap<>();
            sample.forEach((field, value) -> {
                if (!field.equals("timestamp") && (fields.isEmpty() || fields.contains(field)
                        || Set.of("deviceid", "model", "model_id").contains(field))) {
                    item.put(field, value);
                }
            });
            series.put(String.valueOf(sample.get("timestamp")), item);
        }
        return Map.of("series", series);
    }

    /** The user's own devices, then the program's devices assigned to them. */
    public Map<String, Object> devices(SimUser user, List<SimDevice> assigned) {
        List<Map<String, Object>> devices = new ArrayList<>();
        for (SimDevice device : Stream.concat(user.devices().stream(), assigned.stream()).toList()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("type", device.type());
            item.put("battery", device.battery());
            item.put("model", device.model());
            item.put("model_id", device.modelId());
            item.put("timezone", user.zone().getId());
            item.put("first_session_date", device.firstSessionDate());
            item.put("last_session_date", lastSession(user, device));
            item.put("deviceid", device.hashDeviceId());
            item.put("hash_deviceid", device.hashDeviceId());
            devices.add(item);
        }
        return Map.of("devices", devices);
    }

    public Map<String, Object> goals(SimUser user) {
        Map<String, Object> goals = new LinkedHashMap<>();
        goals.put("steps", 10000);
        goals.put("sleep", 28800);
        goals.put("weight", Map.of("value", 70000 + (user.userid() % 10) * 1000, "unit", -3));
        return Map.of("goals", goals);
    }

    private static long lastSession(SimUser user, SimDevice device) {
        return user.groups(group -> group.device() != null && group.device().equals(device)).stream()
                .mapToLong(StoredGroup::date).max().orElse(device.firstSessionDate());
    }

    private static Map<String, Object> group(StoredGroup group, List<Integer> types) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("grpid", group.grpid());
        item.put("attrib", group.attrib());
        item.put("date", group.date());
        item.put("created", group.created());
        item.put("modified", group.modified());
        item.put("category", group.category());
        item.put("deviceid", group.device() == null ? null : group.device().hashDeviceId());
        item.put("hash_deviceid", group.device() == null ? null : group.device().hashDeviceId());
        List<Map<String, Object>> measures = new ArrayList<>();
        for (StoredGroup.StoredMeasure measure : group.measures()) {
            if (!types.isEmpty() && !types.contains(measure.type())) {
                continue;
            }
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("value", measure.value());
            value.put("type", measure.type());
            value.put("unit", measure.unit());
            value.put("algo", 0);
            value.put("fm", group.device() == null ? 128 : 3);
            if (measure.position() != null) {
                value.put("position", measure.position());
            }
            measures.add(value);
        }
        item.put("measures", measures);
        item.put("modelid", group.device() == null ? null : group.device().modelId());
        item.put("model", group.device() == null ? null : group.device().model());
        item.put("comment", null);
        return item;
    }

    private <T> Map<String, Object> paged(List<T> items, Params params, String field, Function<T, Map<String, Object>> shape) {
        Page<T> page = Page.of(items, params.offset(), pageSize);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, page.items().stream().map(shape).toList());
        body.put("more", page.more());
        body.put("offset", page.nextOffset());
        return body;
    }

    private static Map<String, Object> selected(Map<String, Number> data, List<String> fields) {
        Map<String, Object> selected = new LinkedHashMap<>();
        data.forEach((name, value) -> {
            if (fields.isEmpty() || fields.contains(name)) {
                selected.put(name, value);
            }
        });
        return selected;
    }

    private static Map<String, Integer> keyed(Map<Long, Integer> series) {
        Map<String, Integer> keyed = new LinkedHashMap<>();
        series.forEach((time, value) -> keyed.put(String.valueOf(time), value));
        return keyed;
    }

    private static java.util.Optional<DayRange> dayRange(Params params) {
        if (params.date("startdateymd").isEmpty() && params.date("enddateymd").isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DayRange(params.date("startdateymd").orElse(LocalDate.MIN),
                params.date("enddateymd").orElse(LocalDate.MAX)));
    }

    private record DayRange(LocalDate first, LocalDate last) {
    }

    /** One page of a list, and the offset of the next one. */
    private record Page<T>(List<T> items, boolean more, int nextOffset) {

        static <T> Page<T> of(List<T> all, int offset, int size) {
            int from = Math.min(offset, all.size());
            int to = Math.min(all.size(), from + size);
            boolean more = to < all.size();
            return new Page<>(all.subList(from, to), more, more ? to : 0);
        }
    }
}
