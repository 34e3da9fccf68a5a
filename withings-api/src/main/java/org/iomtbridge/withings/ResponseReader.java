package org.iomtbridge.withings;

import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.withings.model.ActivityDay;
import org.iomtbridge.withings.model.ActivityDays;
import org.iomtbridge.withings.model.Device;
import org.iomtbridge.withings.model.Goals;
import org.iomtbridge.withings.model.HeartRecord;
import org.iomtbridge.withings.model.HeartRecords;
import org.iomtbridge.withings.model.HeartSignal;
import org.iomtbridge.withings.model.IntradaySample;
import org.iomtbridge.withings.model.Measure;
import org.iomtbridge.withings.model.MeasureGroup;
import org.iomtbridge.withings.model.MeasureGroups;
import org.iomtbridge.withings.model.NotificationSubscription;
import org.iomtbridge.withings.model.SleepSegment;
import org.iomtbridge.withings.model.SleepSegments;
import org.iomtbridge.withings.model.SleepState;
import org.iomtbridge.withings.model.SleepSummaries;
import org.iomtbridge.withings.model.SleepSummary;
import org.iomtbridge.withings.model.Workout;
import org.iomtbridge.withings.model.Workouts;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import static org.iomtbridge.withings.Json.elements;
import static org.iomtbridge.withings.Json.flag;
import static org.iomtbridge.withings.Json.numericMembers;
import static org.iomtbridge.withings.Json.optionalDate;
import static org.iomtbridge.withings.Json.optionalEpoch;
import static org.iomtbridge.withings.Json.optionalInt;
import static org.iomtbridge.withings.Json.optionalLong;
import static org.iomtbridge.withings.Json.optionalText;
import static org.iomtbridge.withings.Json.requiredDate;
import static org.iomtbridge.withings.Json.requiredEpoch;
import static org.iomtbridge.withings.Json.requiredInt;
import static org.iomtbridge.withings.Json.requiredLong;
import static org.iomtbridge.withings.Json.requiredText;

/** Reads the body of each Withings answer into the typed model; {@link WithingsAnswers} opens it to saved answers. */
final class ResponseReader {

    /** Fields of a sleep summary's or activity day's envelope that are metadata, not measured values. */
    private static final Set<String> ACTIVITY_METADATA = Set.of("date", "timezone", "deviceid", "hash_deviceid", "brand",
            "is_tracker", "modified", "model", "modelid", "model_id");
    private static final Set<String> SLEEP_SEGMENT_FIELDS = Set.of("startdate", "enddate", "state", "model", "model_id",
            "hash_deviceid");
    private static final Set<String> INTRADAY_METADATA = Set.of("deviceid", "model", "model_id");

    private ResponseReader() {
    }

    static MeasureGroups measureGroups(JsonNode body, String path) {
        return new MeasureGroups(
                optionalEpoch(body, "updatetime", path).orElse(Instant.EPOCH),
                optionalText(body, "timezone"),
                elements(body, "measuregrps", path, ResponseReader::measureGroup),
                flag(body, "more", path),
                optionalLong(body, "offset", path).orElse(0));
    }

    static MeasureGroup measureGroup(JsonNode group, String path) {
        Instant date = requiredEpoch(group, "date", path);
        return new MeasureGroup(
                requiredLong(group, "grpid", path),
                optionalInt(group, "attrib", path).orElse(0),
                date,
                optionalEpoch(group, "created", path).orElse(date),
                optionalEpoch(group, "modified", path).orElse(date),
                optionalInt(group, "category", path).orElse(1),
                optionalText(group, "deviceid"),
                optionalText(group, "hash_deviceid"),
                elements(group, "measures", path, ResponseReader::measure),
                firstInt(group, path, "modelid", "model_id"),
                optionalText(group, "model"),
                optionalText(group, "comment"));
    }

    private static Measure measure(JsonNode measure, String path) {
        return new Measure(
                requiredInt(measure, "type", path),
                requiredLong(measure, "value", path),
                requiredInt(measure, "unit", path),
                optionalInt(measure, "algo", path),
                optionalInt(measure, "fm", path),
                optionalInt(measure, "position", path));
    }

    static HeartRecords heartRecords(JsonNode body, String path) {
        return new HeartRecords(elements(body, "series", path, ResponseReader::heartRecord),
                flag(body, "more", path), optionalLong(body, "offset", path).orElse(0));
    }

    private static HeartRecord heartRecord(JsonNode item, String path) {
        JsonNode ecg = item.path("ecg");
        JsonNode pressure = item.path("bloodpressure");
        return new HeartRecord(
                optionalText(item, "deviceid"),
                optionalInt(item, "model", path).orElse(0),
                ecg.isObject() && Json.present(ecg, "signalid")
                        ? Optional.of(new HeartRecord.Ecg(requiredLong(ecg, "signalid", path + ".ecg"),
                                optionalInt(ecg, "afib", path + ".ecg").orElse(-1)))
                        : Optional.empty(),
                pressure.isObject() && Json.present(pressure, "systole")
                        ? Optional.of(new HeartRecord.BloodPressure(
                                requiredInt(pressure, "diastole", path + ".bloodpressure"),
                                requiredInt(pressure, "systole", path + ".bloodpressure")))
                        : Optional.empty(),
                optionalInt(item, "heart_rate", path),
                requiredEpoch(item, "timestamp", path),
                optionalEpoch(item, "modified", path));
    }

    static HeartSignal heartSignal(JsonNode body, String path) {
        List<Integer> signal = elements(body, "signal", path, (sample, at) -> {
            if (!sample.canConvertToInt()) {
                throw new WithingsResponseException(at + " should be an integer but is " + sample);
            }
            return sample.intValue();
        });
        return new HeartSignal(signal,
                requiredInt(body, "sampling_frequency", path),
                optionalInt(body, "wearposition", path),
                optionalInt(body, "model", path),
                optionalInt(body, "heart_rate", path));
    }

    static SleepSegments sleepSegments(JsonNode body, String path) {
        return new SleepSegments(elements(body, "series", path, ResponseReader::sleepSegment));
    }

    private static SleepSegment sleepSegment(JsonNode item, String path) {
        Map<String, NavigableMap<Instant, BigDecimal>> series = new LinkedHashMap<>();
        item.fields().forEachRemaining(field -> {
            if (!SLEEP_SEGMENT_FIELDS.contains(field.getKey()) && field.getValue().isObject()) {
                series.put(field.getKey(), timeSeries(field.getValue(), path + "." + field.getKey()));
            }
        });
        return new SleepSegment(
                requiredEpoch(item, "startdate", path),
                requiredEpoch(item, "enddate", path),
                optionalInt(item, "state", path).orElse(SleepState.UNSPECIFIED.code()),
                modelName(item),
                optionalInt(item, "model_id", path),
                optionalText(item, "hash_deviceid"),
                series);
    }

    static SleepSummaries sleepSummaries(JsonNode body, String path) {
        return new SleepSummaries(elements(body, "series", path, ResponseReader::sleepSummary),
                flag(body, "more", path), optionalLong(body, "offset", path).orElse(0));
    }

    private static SleepSummary sleepSummary(JsonNode item, String path) {
        return new SleepSummary(
                requiredLong(item, "id", path),
                optionalText(item, "timezone"),
                optionalInt(item, "model", path),
                optionalInt(item, "model_id", path),
                optionalText(item, "hash_deviceid"),
                requiredEpoch(item, "startdate", path),
                requiredEpoch(item, "enddate", path),
                requiredDate(item, "date", path),
                optionalEpoch(item, "created", path),
                optionalEpoch(item, "modified", path),
                Json.present(item, "completed") ? Optional.of(flag(item, "completed", path)) : Optional.empty(),
                numericMembers(item.get("data")));
    }

    static ActivityDays activityDays(JsonNode body, String path) {
        return new ActivityDays(elements(body, "activities", path, ResponseReader::activityDay),
                flag(body, "more", path), optionalLong(body, "offset", path).orElse(0));
    }

    private static ActivityDay activityDay(JsonNode item, String path) {
        Map<String, BigDecimal> values = numericMembers(item);
        values.keySet().removeAll(ACTIVITY_METADATA);
        return new ActivityDay(
                requiredDate(item, "date", path),
                optionalText(item, "timezone"),
                optionalText(item, "deviceid"),
                optionalText(item, "hash_deviceid"),
                optionalInt(item, "brand", path),
                flag(item, "is_tracker", path),
                optionalEpoch(item, "modified", path),
                modelName(item),
                firstInt(item, path, "modelid", "model_id"),
                values);
    }

    /** The samples of {@code getintradayactivity}, in time order. */
    static List<IntradaySample> intradaySamples(JsonNode body, String path) {
        JsonNode series = body.path("series");
        if (!series.isObject()) {
            return List.of();
        }
        List<IntradaySample> samples = new ArrayList<>();
        series.fields().forEachRemaining(entry -> {
            String at = path + ".series." + entry.getKey();
            Map<String, BigDecimal> values = numericMembers(entry.getValue());
            values.keySet().removeAll(INTRADAY_METADATA);
            samples.add(new IntradaySample(
                    Instant.ofEpochSecond(epochKey(entry.getKey(), at)),
                    optionalText(entry.getValue(), "deviceid"),
                    modelName(entry.getValue()),
                    optionalInt(entry.getValue(), "model_id", at),
                    values));
        });
        samples.sort((a, b) -> a.time().compareTo(b.time()));
        return List.copyOf(samples);
    }

    static Workouts workouts(JsonNode body, String path) {
        return new Workouts(elements(body, "series", path, ResponseReader::workout),
                flag(body, "more", path), optionalLong(body, "offset", path).orElse(0));
    }

    private static Workout workout(JsonNode item, String path) {
        return new Workout(
                requiredLong(item, "id", path),
                optionalInt(item, "category", path).orElse(0),
                optionalText(item, "timezone"),
                optionalInt(item, "model", path),
                optionalInt(item, "attrib", path),
                requiredEpoch(item, "startdate", path),
                requiredEpoch(item, "enddate", path),
                optionalDate(item, "date", path),
                optionalEpoch(item, "modified", path),
                optionalText(item, "deviceid"),
                numericMembers(item.get("data")));
    }

    static List<Device> devices(JsonNode body, String path) {
        return elements(body, "devices", path, (item, at) -> new Device(
                optionalText(item, "type").orElse("unknown"),
                modelName(item),
                firstInt(item, at, "model_id", "modelid"),
                optionalText(item, "battery"),
                optionalText(item, "deviceid"),
                optionalText(item, "hash_deviceid"),
                optionalText(item, "timezone"),
                optionalEpoch(item, "first_session_date", at),
                optionalEpoch(item, "last_session_date", at)));
    }

    /** Goals; Withings sends {@code "goals": []} when the user has none. */
    static Goals goals(JsonNode body, String path) {
        JsonNode goals = body.path("goals");
        if (!goals.isObject()) {
            return new Goals(OptionalLong.empty(), OptionalLong.empty(), Optional.empty());
        }
        JsonNode weight = goals.path("weight");
        Optional<BigDecimal> weightKg = weight.isObject() && Json.present(weight, "value")
                ? Optional.of(BigDecimal.valueOf(requiredLong(weight, "value", path + ".goals.weight"),
                        -optionalInt(weight, "unit", path + ".goals.weight").orElse(0)))
                : Optional.empty();
        return new Goals(optionalLong(goals, "steps", path + ".goals"), optionalLong(goals, "sleep", path + ".goals"),
                weightKg);
    }

    static List<NotificationSubscription> subscriptions(JsonNode body, String path) {
        return elements(body, "profiles", path, ResponseReader::subscription);
    }

    static NotificationSubscription subscription(JsonNode item, String path) {
        return new NotificationSubscription(
                requiredInt(item, "appli", path),
                URI.create(requiredText(item, "callbackurl", path)),
                optionalText(item, "comment"),
                optionalEpoch(item, "expires", path));
    }

    static WithingsTokens tokens(JsonNode body, String path, Instant now) {
        return new WithingsTokens(
                requiredText(body, "userid", path),
                new AccessToken(requiredText(body, "access_token", path)),
                new RefreshToken(requiredText(body, "refresh_token", path)),
                now.plusSeconds(requiredLong(body, "expires_in", path)),
                Scope.parse(optionalText(body, "scope").orElse("")),
                optionalText(body, "token_type").orElse("Bearer"));
    }

    private static NavigableMap<Instant, BigDecimal> timeSeries(JsonNode object, String path) {
        NavigableMap<Instant, BigDecimal> values = new TreeMap<>();
        object.fields().forEachRemaining(entry -> {
            if (entry.getValue().isNumber()) {
                values.put(Instant.ofEpochSecond(epochKey(entry.getKey(), path)), entry.getValue().decimalValue());
            }
        });
        return Collections.unmodifiableNavigableMap(values);
    }

    private static long epochKey(String key, String path) {
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new WithingsResponseException(path + " has key '" + key + "' where an epoch second was expected");
        }
    }

    /** A model's name: Withings sends {@code model} as a name in some calls and as a numeric code in others. */
    private static Optional<String> modelName(JsonNode item) {
        JsonNode model = item.get("model");
        return model != null && model.isTextual() ? Optional.of(model.textValue()) : Optional.empty();
    }

    private static OptionalInt firstInt(JsonNode item, String path, String... fields) {
        for (String field : fields) {
            OptionalInt value = optionalInt(item, field, path);
            if (value.isPresent()) {
                return value;
            }
        }
        return OptionalInt.empty();
    }
}
