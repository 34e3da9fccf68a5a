package org.iomtbridge.emulator.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** Withings' {@code {status, body, error}} envelope. */
public final class Envelopes {

    private Envelopes() {
    }

    public static Map<String, Object> ok(Map<String, ?> body) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", 0);
        envelope.put("body", body);
        return envelope;
    }

    public static Map<String, Object> error(int status, String error, Map<String, ?> body) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", status);
        envelope.put("body", body);
        envelope.put("error", error);
        return envelope;
    }
}
