package org.iomtbridge.withings;

import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.withings.model.ActivityDays;
import org.iomtbridge.withings.model.Device;
import org.iomtbridge.withings.model.HeartRecords;
import org.iomtbridge.withings.model.HeartSignal;
import org.iomtbridge.withings.model.IntradaySample;
import org.iomtbridge.withings.model.MeasureGroups;
import org.iomtbridge.withings.model.SleepSegments;
import org.iomtbridge.withings.model.SleepSummaries;
import org.iomtbridge.withings.model.Workouts;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Saved Withings answers — an archive of raw responses, a file given to a converter — read into the typed model by
 * the same code as live ones. Each reader takes the body of {@link #body}: open the envelope once, tell its kind,
 * then read it.
 */
public final class WithingsAnswers {

    private static final String BODY = "body";

    private WithingsAnswers() {
    }

    /**
     * The body of a saved {@code {status, body}} envelope.
     *
     * @param what names the source in error messages, for example a file name
     * @throws WithingsResponseException when the text is not a Withings envelope
     * @throws WithingsApiException      when the envelope holds a non-zero status
     */
    public static JsonNode body(String envelope, String what) {
        return Envelope.open(envelope, what, UnaryOperator.identity());
    }

    /** The body of {@code getmeas}. */
    public static MeasureGroups measureGroups(JsonNode body) {
        return ResponseReader.measureGroups(body, BODY);
    }

    /** The body of heart v2 {@code list}. */
    public static HeartRecords heartRecords(JsonNode body) {
        return ResponseReader.heartRecords(body, BODY);
    }

    /** The body of heart v2 {@code get}; {@link Answer#signalId()} says which recording it is. */
    public static HeartSignal heartSignal(JsonNode body) {
        return ResponseReader.heartSignal(body, BODY);
    }

    /** The body of sleep v2 {@code get}. */
    public static SleepSegments sleepSegments(JsonNode body) {
        return ResponseReader.sleepSegments(body, BODY);
    }

    /** The body of sleep v2 {@code getsummary}. */
    public static SleepSummaries sleepSummaries(JsonNode body) {
        return ResponseReader.sleepSummaries(body, BODY);
    }

    /** The body of measure v2 {@code getactivity}. */
    public static ActivityDays activityDays(JsonNode body) {
        return ResponseReader.activityDays(body, BODY);
    }

    /** The body of measure v2 {@code getintradayactivity}, in time order. */
    public static List<IntradaySample> intradaySamples(JsonNode body) {
        return ResponseReader.intradaySamples(body, BODY);
    }

    /** The body of measure v2 {@code getworkouts}. */
    public static Workouts workouts(JsonNode body) {
        return ResponseReader.workouts(body, BODY);
    }

    /** The body of user v2 {@code getdevice}. */
    public static List<Device> devices(JsonNode body) {
        return ResponseReader.devices(body, BODY);
    }
}
