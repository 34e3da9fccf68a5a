package org.iomtbridge.mapping.withings;

import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.withings.WithingsCall;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Withings call a saved answer came from, told apart by the shape of its body, or named by the user.
 */
public enum WithingsResponseKind {
    MEASURES("getmeas", true, WithingsCall.MEASURE_GETMEAS),
    HEART_LIST("heart-list", true, WithingsCall.HEART_LIST),
    HEART_SIGNAL("heart-get", true, WithingsCall.HEART_GET),
    SLEEP_SEGMENTS("sleep-get", true, WithingsCall.SLEEP_GET),
    SLEEP_SUMMARIES("sleep-summary", true, WithingsCall.SLEEP_GETSUMMARY),
    ACTIVITY("activity", true, WithingsCall.MEASURE_GETACTIVITY),
    INTRADAY("intraday", true, WithingsCall.MEASURE_GETINTRADAYACTIVITY),
    WORKOUTS("workouts", true, WithingsCall.MEASURE_GETWORKOUTS),
    DEVICES("devices", true, WithingsCall.USER_GETDEVICE),
    NOTIFY_SUBSCRIPTIONS("notify-list", false, WithingsCall.NOTIFY_LIST),
    GOALS("goals", false, WithingsCall.USER_GETGOALS),
    /** An empty body, which several calls answer (notify subscribe, revoke, update): no one call's. */
    ACKNOWLEDGEMENT("acknowledgement", false, null);

    private final String label;
    private final boolean carriesHealthData;
    private final WithingsCall call;

    WithingsResponseKind(String label, boolean carriesHealthData, WithingsCall call) {
        this.label = label;
        this.carriesHealthData = carriesHealthData;
        this.call = call;
    }

    /** The name of the kind for {@code --kind}, for example {@code getmeas}. */
    public String label() {
        return label;
    }

    /** False for answers with nothing to write to FHIR: subscriptions, goals, empty acknowledgements. */
    public boolean carriesHealthData() {
        return carriesHealthData;
    }

    /** The kind of the answer to a call; empty for calls whose answers carry nothing to map (token, notify calls). */
    public static Optional<WithingsResponseKind> fromCall(WithingsCall call) {
        return Arrays.stream(values()).filter(kind -> kind.call == call).findFirst();
    }

    public static Optional<WithingsResponseKind> fromLabel(String label) {
        return Arrays.stream(values()).filter(kind -> kind.label.equalsIgnoreCase(label.trim())).findFirst();
    }

    /** The kind of a body, by the fields only that call returns; empty when the body matches none. */
    public static Optional<WithingsResponseKind> detect(JsonNode body) {
        if (!body.isObject()) {
            return Optional.empty();
        }
        if (body.has("measuregrps")) {
            return Optional.of(MEASURES);
        }
        if (body.has("activities")) {
            return Optional.of(ACTIVITY);
        }
        if (body.has("devices")) {
            return Optional.of(DEVICES);
        }
        if (body.has("profiles")) {
            return Optional.of(NOTIFY_SUBSCRIPTIONS);
        }
        if (body.has("goals")) {
            return Optional.of(GOALS);
        }
        if (body.has("signal") && body.has("sampling_frequency")) {
            return Optional.of(HEART_SIGNAL);
        }
        JsonNode series = body.get("series");
        if (series != null && series.isObject()) {
            return Optional.of(INTRADAY);
        }
        if (series != null && series.isArray()) {
            return seriesKind(series);
        }
        return body.isEmpty() ? Optional.of(ACKNOWLEDGEMENT) : Optional.empty();
    }

    private static Optional<WithingsResponseKind> seriesKind(JsonNode series) {
        if (series.isEmpty()) {
            return Optional.empty();
        }
        JsonNode first = series.get(0);
        if (first.has("ecg") || first.has("timestamp")) {
            return Optional.of(HEART_LIST);
        }
        if (first.has("state")) {
            return Optional.of(SLEEP_SEGMENTS);
        }
        if (first.has("data") && first.has("category")) {
            return Optional.of(WORKOUTS);
        }
        if (first.has("data")) {
            return Optional.of(SLEEP_SUMMARIES);
        }
        return Optional.empty();
    }
}
