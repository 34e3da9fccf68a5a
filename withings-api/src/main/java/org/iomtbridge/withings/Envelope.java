package org.iomtbridge.withings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.UnaryOperator;

/** Withings' {@code {status, body, error}} envelope: status 0 carries a body, any other status an error. */
final class Envelope {

    private static final int MAX_SHOWN = 120;

    private Envelope() {
    }

    /**
     * The body of a successful answer; an empty object when Withings sent none.
     *
     * @param call   what answered, for messages
     * @param redact removes the request's secrets from anything shown in a message
     */
    static JsonNode open(String json, String call, UnaryOperator<String> redact) {
        JsonNode envelope;
        try {
            envelope = Json.MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new WithingsResponseException(call + " is not JSON: " + shown(json, redact));
        }
        if (envelope == null || !envelope.isObject()) {
            throw new WithingsResponseException(call + " is not a Withings response (a JSON object with status and body): "
                    + shown(json, redact));
        }
        JsonNode status = envelope.get("status");
        if (status == null || !status.canConvertToInt()) {
            throw new WithingsResponseException(call + " is not a Withings response: it has no numeric status: "
                    + shown(json, redact));
        }
        if (status.intValue() != 0) {
            String error = Json.optionalText(envelope, "error").map(redact).orElse("");
            throw WithingsApiException.of(call, status.intValue(), error);
        }
        JsonNode body = envelope.get("body");
        return body == null || body.isNull() ? Json.MAPPER.createObjectNode() : body;
    }

    /** The start of a body for a one-line message: secrets removed, white space folded. */
    static String shown(String text, UnaryOperator<String> redact) {
        String redacted = redact.apply(text == null ? "" : text).replaceAll("\\s+", " ").trim();
        return redacted.length() > MAX_SHOWN ? redacted.substring(0, MAX_SHOWN) + "…" : redacted;
    }
}
