package org.iomtbridge.mapping.withings;

import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.withings.WithingsAnswers;

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
            case MEASURES -> normalizer.measureGroups(userId, WithingsAnswers.measureGroups(body));
            case HEART_LIST -> normalizer.heartRecords(userId, WithingsAnswers.heartRecords(body));
            case HEART_SIGNAL -> {
                SignalContext context = signal.orElseThrow(() -> new IllegalArgumentException(
                        "an ECG waveform (heart v2 get) does not name its recording: give its signal id and time"));
                yield normalizer.ecgWaveform(userId, context.signalId(), context.recordedAt(),
                        WithingsAnswers.heartSignal(body), Optional.empty());
            }
            case SLEEP_SEGMENTS -> normalizer.sleepSegments(userId, WithingsAnswers.sleepSegments(body));
            case SLEEP_SUMMARIES -> normalizer.sleepSummaries(userId, WithingsAnswers.sleepSummaries(body));
            case ACTIVITY -> normalizer.activityDays(userId, WithingsAnswers.activityDays(body));
            case INTRADAY -> normalizer.intraday(userId, WithingsAnswers.intradaySamples(body));
            case WORKOUTS -> normalizer.workouts(userId, WithingsAnswers.workouts(body));
            case DEVICES -> normalizer.devices(WithingsAnswers.devices(body));
            case NOTIFY_SUBSCRIPTIONS, GOALS, ACKNOWLEDGEMENT -> new Normalized(List.of(), List.of(),
                    List.of("a " + kind.label() + " answer carries no health data"));
        };
    }
}
