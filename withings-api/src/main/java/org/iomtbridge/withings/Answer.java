package org.iomtbridge.withings;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A successful Withings answer as it came on the wire, with what was asked: the call and its parameters. Secrets are
 * never among them — the access token travels in a header, and secret parameters (codes, client secrets, callback
 * URLs, which often carry the receiver's secret path) are left out.
 *
 * @param parameters the call's other form parameters by name, for example {@code signalid} of heart v2 {@code get};
 *                   sorted by name, so that the same question reads the same
 * @param body       the whole {@code {status, body}} envelope, as received
 */
public record Answer(WithingsCall call, Map<String, String> parameters, String body) {

    /** The parameter of heart v2 {@code get} naming the recording whose waveform it answers. */
    static final String SIGNAL_ID = "signalid";

    public Answer {
        Objects.requireNonNull(call, "call");
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
        Objects.requireNonNull(body, "body");
    }

    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /**
     * The recording a waveform answer (heart v2 {@code get}) belongs to, which its body does not say; empty for other
     * calls.
     *
     * @throws WithingsResponseException when the parameter is not a number
     */
    public OptionalLong signalId() {
        Optional<String> signalId = call == WithingsCall.HEART_GET ? parameter(SIGNAL_ID) : Optional.empty();
        try {
            return signalId.map(value -> OptionalLong.of(Long.parseLong(value))).orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            throw new WithingsResponseException(call + " was asked for signalid '" + signalId.get()
                    + "', which is not a number");
        }
    }

    @Override
    public String toString() {
        return "Answer[call=" + call + ", parameters=" + parameters + ", body of " + body.length() + " characters]";
    }
}
