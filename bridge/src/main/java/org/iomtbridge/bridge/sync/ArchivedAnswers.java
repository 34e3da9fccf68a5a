package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.archive.RawArchive;
import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.withings.Normalized;
import org.iomtbridge.mapping.withings.RawResponses;
import org.iomtbridge.mapping.withings.WithingsResponseKind;
import org.iomtbridge.withings.ResponseReader;
import org.iomtbridge.withings.model.HeartRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Archived Withings answers to normalized measurements — the one way the bridge maps what Withings said, whether the
 * answers just arrived (a sync), or were kept (a dead letter replayed, a remap after a mapping fix). An ECG waveform
 * answer does not name its recording: it belongs to the next ECG of the heart list answered before it.
 */
final class ArchivedAnswers {

    private final RawResponses raw;

    ArchivedAnswers(WithingsFhirMapper mapper) {
        this.raw = new RawResponses(mapper.normalizer());
    }

    /**
     * An answer that could not be normalized, with the answers a replay needs beside it (a waveform needs its heart
     * list and the waveforms before it, to know its recording).
     */
    record Rejected(List<Long> answerIds, String reason) {
    }

    /** What the answers held, and those that could not be read: one bad answer does not hold up the others. */
    record Result(Normalized normalized, List<Rejected> rejected) {
    }

    /** @param answers of one user, in the order they were received */
    Result normalize(List<RawArchive.Stored> answers) {
        List<Normalized> parts = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Deque<RawResponses.SignalContext> waveformsToCome = new ArrayDeque<>();
        List<Long> sinceHeartList = new ArrayList<>();
        for (RawArchive.Stored answer : answers) {
            Optional<WithingsResponseKind> kind = WithingsResponseKind.fromCall(answer.call());
            if (kind.isEmpty() || !kind.get().carriesHealthData()) {
                continue;
            }
            if (kind.get() == WithingsResponseKind.HEART_LIST) {
                sinceHeartList.clear();
            }
            sinceHeartList.add(answer.id());
            try {
                JsonNode body = ResponseReader.body(answer.body(), answer.call() + " (raw_response " + answer.id() + ")");
                if (kind.get() == WithingsResponseKind.HEART_LIST) {
                    for (HeartRecord record : ResponseReader.heartRecords(body, "body").series()) {
                        record.ecg().ifPresent(ecg -> waveformsToCome.add(
                                new RawResponses.SignalContext(ecg.signalId(), record.timestamp())));
                    }
                }
                Optional<RawResponses.SignalContext> signal = kind.get() == WithingsResponseKind.HEART_SIGNAL
                        ? Optional.ofNullable(waveformsToCome.poll()) : Optional.empty();
                parts.add(raw.normalize(kind.get(), body, answer.withingsUserId(), signal));
            } catch (RuntimeException e) {
                List<Long> needed = kind.get() == WithingsResponseKind.HEART_SIGNAL ? List.copyOf(sinceHeartList)
                        : List.of(answer.id());
                rejected.add(new Rejected(needed, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return new Result(new Normalized(parts.stream().flatMap(part -> part.measurements().stream()).toList(),
                parts.stream().flatMap(part -> part.devices().stream()).toList(),
                parts.stream().flatMap(part -> part.notes().stream()).toList()), List.copyOf(rejected));
    }
}
