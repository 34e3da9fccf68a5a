package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every emulator answer has the shape of the matching response recorded from the real Withings API: each field of the
 * recording is there, with the same JSON type, recursively. Null in either matches any type (Withings sends null for
 * absent values); objects keyed by epoch seconds are compared by their values.
 */
class RecordedShapeContractTest extends EmulatorTest {

    private String access;
    private long userid;

    @BeforeEach
    void signIn() {
        userid = firstUser();
        access = tokens(userid).get("access_token").asText();
    }

    @Test
    void getmeas() {
        JsonNode answer = call("/measure", Map.of("action", "getmeas"));
        assertSameShape(answer, fixture("measurement.json"));
        for (String bareArray : List.of("measurement_list.json", "measurement_list_2.json", "measurement_positions.json")) {
            assertSameShape(answer.get("body").get("measuregrps"), fixture(bareArray));
        }
    }

    @Test
    void activityWorkoutsAndIntraday() {
        assertSameShape(call("/v2/measure", Map.of("action", "getactivity", "lastupdate", "0")), fixture("activity.json"));
        assertSameShape(call("/v2/measure", Map.of("action", "getworkouts", "lastupdate", "0")), fixture("workouts.json"));
        long now = clock.instant().getEpochSecond();
        JsonNode intraday = call("/v2/measure", Map.of("action", "getintradayactivity",
                "startdate", String.valueOf(now - 86_400), "enddate", String.valueOf(now)));
        assertThat(intraday.get("status").asInt()).isZero();
        assertThat(intraday.get("body").get("series").size()).isGreaterThan(100);
    }

    @Test
    void sleepSummariesWithAndWithoutDataFields() {
        JsonNode recorded = fixture("sleep_summary.json");
        Set<String> fields = new TreeSet<>();
        recorded.get("body").get("series").forEach(night -> night.get("data").fieldNames().forEachRemaining(fields::add));

        JsonNode withFields = call("/v2/sleep", Map.of("action", "getsummary", "lastupdate", "0",
                "data_fields", String.join(",", fields)));
        assertSameShape(withFields, recorded);
        assertThat(withFields.get("body").get("series").get(0).get("data").has("hr_average")).isTrue();

        JsonNode withoutFields = call("/v2/sleep", Map.of("action", "getsummary", "lastupdate", "0"));
        assertSameShape(withoutFields, fixture("sleep_summary_no_datafields.json"));
        assertThat(withoutFields.get("body").get("series").get(0).get("data").has("hr_average")).isFalse();
    }

    @Test
    void sleepSegmentsWithAndWithoutSeries() {
        JsonNode night = call("/v2/sleep", Map.of("action", "getsummary", "lastupdate", "0")).get("body").get("series").get(0);
        Map<String, String> window = Map.of("startdate", night.get("startdate").asText(),
                "enddate", night.get("enddate").asText());
        Map<String, String> withSeries = new HashMap<>(window);
        withSeries.put("action", "get");
        withSeries.put("data_fields", "hr,rr,snoring");
        assertSameShape(call("/v2/sleep", withSeries), fixture("sleep.json"));
        Map<String, String> bare = new HashMap<>(window);
        bare.put("action", "get");
        assertSameShape(call("/v2/sleep", bare), fixture("sleep_no_datafields.json"));
    }

    @Test
    void devicesAndGoals() {
        JsonNode devices = call("/v2/user", Map.of("action", "getdevice"));
        assertSameShape(devices, fixture("device.json"));
        assertThat(devices.get("body").get("devices")).extracting(device -> device.get("type").asText())
                .contains("Scale", "Blood Pressure Monitor", "Activity Tracker", "Thermometer", "Sleep Monitor");
        assertSameShape(call("/v2/user", Map.of("action", "getgoals")), fixture("goals.json"));
    }

    @Test
    void notifyAnswers() throws Exception {
        try (CallbackServer callback = new CallbackServer()) {
            Map<String, String> subscription = Map.of("callbackurl", callback.url(), "appli", "1", "comment", "weight");
            Map<String, String> subscribe = new HashMap<>(subscription);
            subscribe.put("action", "subscribe");
            assertSameShape(call("/notify", subscribe), fixture("notify_subscribe.json"));
            assertSameShape(call("/notify", Map.of("action", "list")), fixture("notify_list.json"));
            Map<String, String> revoke = new HashMap<>(subscription);
            revoke.put("action", "revoke");
            assertSameShape(call("/notify", revoke), fixture("notify_revoke.json"));
        }
    }

    private JsonNode call(String path, Map<String, String> params) {
        JsonNode answer = api(path, access, params);
        assertThat(answer.get("status").asInt()).as(path + " " + params + ": " + answer).isZero();
        return answer;
    }

    static JsonNode fixture(String name) {
        Path dir = Path.of(System.getProperty("withings.fixtures.dir", "../fixtures/withings"));
        try {
            return JSON.readTree(Files.readString(dir.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertSameShape(JsonNode actual, JsonNode recorded) {
        List<String> differences = new ArrayList<>();
        compare(actual, recorded, "$", differences);
        assertThat(differences).as("differences from the recorded shape").isEmpty();
    }

    private static void compare(JsonNode actual, JsonNode recorded, String path, List<String> differences) {
        if (actual == null || actual.isMissingNode()) {
            differences.add(path + " is missing");
            return;
        }
        if (actual.isNull() || recorded.isNull()) {
            return;
        }
        if (actual.getNodeType() != recorded.getNodeType()) {
            differences.add(path + " is " + actual.getNodeType() + " where Withings sends " + recorded.getNodeType());
            return;
        }
        if (recorded.isArray()) {
            if (recorded.isEmpty() || actual.isEmpty()) {
                return;
            }
            JsonNode common = commonShape(recorded);
            if (common.isArray()) {
                common = common.isEmpty() ? recorded.get(0) : common.get(0);
            }
            for (int i = 0; i < Math.min(actual.size(), 20); i++) {
                compare(actual.get(i), common, path + "[" + i + "]", differences);
            }
        } else if (recorded.isObject()) {
            if (keyedByEpoch(recorded)) {
                JsonNode sample = recorded.elements().next();
                actual.elements().forEachRemaining(value -> compare(value, sample, path + ".<epoch>", differences));
                return;
            }
            recorded.fieldNames().forEachRemaining(name -> compare(actual.get(name), recorded.get(name),
                    path + "." + name, differences));
        }
    }

    /**
     * What every recorded element has, recursively: the fields present in all of them (with the first non-null value,
     * itself merged when it is an object or array). This is what every answer must have.
     */
    private static JsonNode commonShape(JsonNode elements) {
        List<JsonNode> all = new ArrayList<>();
        elements.forEach(all::add);
        return merge(all);
    }

    private static JsonNode merge(List<JsonNode> nodes) {
        List<JsonNode> present = nodes.stream().filter(node -> !node.isNull()).toList();
        if (present.isEmpty()) {
            return nodes.get(0);
        }
        JsonNode first = present.get(0);
        if (first.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            present.forEach(array -> array.forEach(items::add));
            var merged = JSON.createArrayNode();
            if (!items.isEmpty()) {
                merged.add(merge(items));
            }
            return merged;
        }
        if (!first.isObject() || keyedByEpoch(first)) {
            return first;
        }
        var common = JSON.createObjectNode();
        first.fieldNames().forEachRemaining(name -> {
            if (present.stream().allMatch(node -> node.has(name))) {
                common.set(name, merge(present.stream().map(node -> node.get(name)).toList()));
            }
        });
        return common;
    }

    private static boolean keyedByEpoch(JsonNode object) {
        if (object.isEmpty()) {
            return false;
        }
        Iterator<String> names = object.fieldNames();
        while (names.hasNext()) {
            if (!names.next().matches("\\d{9,}")) {
                return false;
            }
        }
        return true;
    }
}
