package org.iomtbridge.bridge.sync;

import org.iomtbridge.bridge.archive.RawArchive;
import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.mapping.WithingsFhirMapper;
import org.iomtbridge.mapping.withings.Normalized;
import org.iomtbridge.mapping.withings.RawResponses;
import org.iomtbridge.mapping.withings.WithingsResponseKind;
import org.iomtbridge.withings.Answer;
import org.iomtbridge.withings.WithingsAnswers;
import org.iomtbridge.withings.model.HeartRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Archived Withings answers to normalized measurements — the one way the bridge maps what Withings said, whether the
 * answers just arrived (a sync), or were kept (a dead letter replayed, a remap after a mapping fix). An ECG waveform
 * answer names its recording by the signal id it was asked for; the heart list that lists the recording dates it.
 */
final class ArchivedAnswers {

    private final RawResponses raw;

    ArchivedAnswers(WithingsFhirMapper mapper) {
        this.raw = new RawResponses(mapper.normalizer());
    }

    /**
     * An answer that could not be normalized, with the answers a replay needs beside it (a waveform needs the heart
     * list that dates its recording).
     */
    record Rejected(List<Long> answerIds, String reason) {
    }

    /** What the answers held, and those that could not be read: one bad answer does not hold up the others. */
    record Result(Normalized normalized, List<Rejected> rejected) {
    }

    /** An ECG of a heart list: what its waveform does not say itself, and the answer that said it. */
    private record Recording(RawResponses.SignalContext context, long heartListAnswerId) {
    }

    /** @param answers of one user, in the order they were received */
    Result normalize(List<RawArchive.Stored> answers) {
        List<Normalized> parts = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Map<Long, Recording> recordings = new HashMap<>();
        // Waveforms archived before answers kept their parameters name no recording: each belongs to the next ECG of
        // the heart lists before it, as they were fetched in the order of the list.
        Deque<Recording> unnamedWaveformsToCome = new ArrayDeque<>();
        List<Long> sinceHeartList = new ArrayList<>();
        for (RawArchive.Stored stored : answers) {
            Answer answer = stored.answer();
            Optional<WithingsResponseKind> kind = WithingsResponseKind.fromCall(answer.call());
            if (kind.isEmpty() || !kind.get().carriesHealthData()) {
                continue;
            }
            if (kind.get() == WithingsResponseKind.HEART_LIST) {
                sinceHeartList.clear();
            }
            sinceHeartList.add(stored.id());
            List<Long> needed = List.of(stored.id());
            try {
                JsonNode body = WithingsAnswers.body(answer.body(), answer.call() + " (raw_response " + stored.id() + ")");
                Optional<RawResponses.SignalContext> signal = Optional.empty();
                if (kind.get() == WithingsResponseKind.HEART_LIST) {
                    for (HeartRecord record : WithingsAnswers.heartRecords(body).series()) {
                        record.ecg().ifPresent(ecg -> {
                            Recording recording = new Recording(
                                    new RawResponses.SignalContext(ecg.signalId(), record.timestamp()), stored.id());
                            recordings.put(ecg.signalId(), recording);
                            unnamedWaveformsToCome.add(recording);
                        });
                    }
                } else if (kind.get() == WithingsResponseKind.HEART_SIGNAL) {
                    OptionalLong signalId = answer.signalId();
                    if (signalId.isEmpty()) {
                        needed = List.copyOf(sinceHeartList);
                        signal = Optional.ofNullable(unnamedWaveformsToCome.poll()).map(Recording::context);
                    } else {
                        Recording recording = recordings.get(signalId.getAsLong());
                        if (recording == null) {
                            throw new IllegalArgumentException("the waveform of ECG " + signalId.getAsLong()
                                    + " comes without a heart list that dates the recording");
                        }
                        needed = List.of(recording.heartListAnswerId(), stored.id());
                        signal = Optional.of(recording.context());
                    }
                }
                parts.add(raw.normalize(kind.get(), body, stored.withingsUserId(), signal));
            } catch (RuntimeException e) {
                rejected.add(new Rejected(needed, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return new Result(new Normalized(parts.stream().flatMap(part -> part.measurements().stream()).toList(),
                parts.stream().flatMap(part -> part.devices().stream()).toList(),
                parts.stream().flatMap(part -> part.notes().stream()).toList()), List.copyOf(rejected));
    }
}
