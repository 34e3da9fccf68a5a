package org.iomtbridge.withings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One form-encoded POST to a Withings service. It remembers which of its values are secret, so that no error
 * message or log line built from the exchange can show them.
 */
final class WithingsRequest {

    private static final String ACTION = "action";

    private final WithingsCall call;
    private final Map<String, String> form = new LinkedHashMap<>();
    private final List<String> secrets = new ArrayList<>();
    private final Set<String> secretNames = new HashSet<>();
    private AccessToken bearer;

    private WithingsRequest(WithingsCall call) {
        this.call = call;
        form.put(ACTION, call.action());
    }

    static WithingsRequest post(WithingsCall call) {
        return new WithingsRequest(call);
    }

    WithingsRequest param(String name, Object value) {
        form.put(name, String.valueOf(value));
        return this;
    }

    WithingsRequest param(String name, Optional<?> value) {
        value.ifPresent(present -> param(name, present));
        return this;
    }

    WithingsRequest secretParam(String name, String value) {
        secrets.add(value);
        secretNames.add(name);
        return param(name, value);
    }

    WithingsRequest bearer(AccessToken token) {
        this.bearer = token;
        secrets.add(token.value());
        return this;
    }

    WithingsCall call() {
        return call;
    }

    /** The parameters that say what was asked: none secret, nor the action, which the call names. */
    Map<String, String> disclosedParameters() {
        Map<String, String> disclosed = new LinkedHashMap<>(form);
        disclosed.remove(ACTION);
        disclosed.keySet().removeAll(secretNames);
        return disclosed;
    }

    Optional<AccessToken> bearer() {
        return Optional.ofNullable(bearer);
    }

    String encodedForm() {
        return form.entrySet().stream()
                .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The text with every secret value of this request replaced, for messages and logs. */
    String redact(String text) {
        String redacted = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                redacted = redacted.replace(secret, "[redacted]");
            }
        }
        return redacted;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
