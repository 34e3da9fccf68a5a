package org.iomtbridge.mapping.withings;

import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.withings.ResponseReader;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Normalizes a raw Withings body of any kind: what {@code convert} reads from files and what a remap reads from the
 * archive of raw responses.
 */
public final class RawResponses {

    private final WithingsNormalizer normalizer;

    public RawResponses(WithingsNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    /**
     * What an ECG waveform answer (heart v2 {@code get}) does not say itself: which recording it is.
     */
    public record SignalContext(long signalId, Instant recordedAt) {
    }

    /**
     * @param signal needed for {@link WithingsResponseKind#HEART_SIGNAL} only
     * @throws IllegalArgumentException when a waveform comes without its signal context
     */
    public Normalized normalize(WithingsResponseKind kind, JsonNode body, String userId, Optional<SignalContext> signal) {
        return switch (kind) {
            case MEASURES -> normalizer.measureGroups(userId, ResponseReader.measureGroups(body, "body"));
            case HEART_LIST -> normalizer.heartRecords(userId, ResponseReader.heartRecords(body, "body"));
            case HEART_SIGNAL -> {
                SignalContext context = signal.orElseThrow(() -> new IllegalArgumentException(
                        "an ECG waveform (heart v2 get) does not name its recording: give its signal id and time"));
                yield normalizer.ecgWaveform(userId, context.signalId(), context.recordedAt(),
                        ResponseReader.heartSignal(body, "body"), Optional.empty());
            }
            case SLEEP_SEGMENTS -> normalizer.sleepSegments(userId, ResponseReader.sleepSegments(body, "body"));
            case SLEEP_SUMMARIES -> normalizer.sleepSummaries(userId, ResponseReader.sleepSummaries(body, "body"));
            case ACTIVITY -> normalizer.activityDays(userId, ResponseReader.activityDays(body, "body"));
            case INTRADAY -> normalizer.intraday(userId, ResponseReader.intradaySamples(body, "body"));
            case WORKOUTS -> normalizer.workouts(userId, ResponseReader.workouts(body, "body"));
            case DEVICES -> normalizer.devices(ResponseReader.devices(body, "body"));
            case NOTIFY_SUBSCRIPTIONS, GOALS, ACKNOWLEDGEMENT -> new Normalized(List.of(), List.of(),
                    List.of("a " + kind.label() + " answer carries no health data"));
        };
    }
}
