package org.iomtbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;
import java.util.TreeSet;

/**
 * What the emulator holds for one user, as the measurement identifiers the FHIR copy must carry: one Observation per
 * value — a measure of a group (systolic and diastolic together as one blood-pressure panel), a field of an activity
 * day or a night, a workout, and per ECG its classification, heart rate, waveform and (BPM Core) blood pressure.
 * Written from the emulator's records and the mapping's rules, not from the mapping's code.
 *
 * @param live    identifiers of the values Withings holds
 * @param deleted identifiers of the values of measure groups the user deleted
 */
record Holdings(Set<String> live, Set<String> deleted) {

    static Holdings of(JsonNode holdings) {
        String user = "withings/" + holdings.get("userid").asText() + "/";
        Set<String> live = new TreeSet<>();
        Set<String> deleted = new TreeSet<>();
        for (JsonNode group : holdings.get("measureGroups")) {
            Set<String> target = group.get("deleted").asBoolean() ? deleted : live;
            String prefix = user + "grp/" + group.get("grpid").asText() + "/";
            for (JsonNode measure : group.get("measures")) {
                int type = measure.get("type").asInt();
                if (type == 9 || type == 10) {
                    target.add(prefix + "bp");
                } else {
                    target.add(prefix + type + (measure.has("position") ? "/p" + measure.get("position").asText() : ""));
                }
            }
        }
        for (JsonNode day : holdings.get("activityDays")) {
            day.get("fields").forEach(field -> live.add(user + "day/" + day.get("date").asText() + "/" + field.asText()));
        }
        for (JsonNode night : holdings.get("sleepSummaries")) {
            night.get("fields").forEach(field -> live.add(user + "sleep/" + night.get("id").asText() + "/" + field.asText()));
        }
        holdings.get("workouts").forEach(workout -> live.add(user + "workout/" + workout.get("id").asText()));
        for (JsonNode ecg : holdings.get("ecgs")) {
            String prefix = user + "ecg/" + ecg.get("signalid").asText() + "/";
            live.addAll(Set.of(prefix + "afib", prefix + "heart_rate", prefix + "signal"));
            if (ecg.get("bloodPressure").asBoolean()) {
                live.add(prefix + "bp");
            }
        }
        return new Holdings(live, deleted);
    }

    int size() {
        return live.size() + deleted.size();
    }
}
