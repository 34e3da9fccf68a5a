package org.iomtbridge.withings;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BiFunction;

/**
 * Tolerant reads of Withings JSON. Withings is loose with types (a userid may be a string or a number, {@code more}
 * may be 0/1 or a boolean, fields come and go), so every read accepts the forms seen in the wild and a missing or
 * null value is "absent" rather than an error. Reads of required values fail with the JSON path in the message.
 */
final class Json {

    /** Floats are read as exact decimals so that 0.86 stays 0.86 and never becomes a binary approximation. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private Json() {
    }

    static boolean present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    static long requiredLong(JsonNode node, String field, String path) {
        return optionalLong(node, field, path).orElseThrow(() -> missing(path, field));
    }

    static int requiredInt(JsonNode node, String field, String path) {
        return optionalInt(node, field, path).orElseThrow(() -> missing(path, field));
    }

    static String requiredText(JsonNode node, String field, String path) {
        return optionalText(node, field).orElseThrow(() -> missing(path, field));
    }

    static Instant requiredEpoch(JsonNode node, String field, String path) {
        return Instant.ofEpochSecond(requiredLong(node, field, path));
    }

    static Optional<Instant> optionalEpoch(JsonNode node, String field, String path) {
        OptionalLong seconds = optionalLong(node, field, path);
        return seconds.isPresent() ? Optional.of(Instant.ofEpochSecond(seconds.getAsLong())) : Optional.empty();
    }

    static OptionalLong optionalLong(JsonNode node, String field, String path) {
        if (!present(node, field)) {
            return OptionalLong.empty();
        }
        JsonNode value = node.get(field);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return OptionalLong.of(value.longValue());
        }
        if (value.isTextual()) {
            try {
                return OptionalLong.of(Long.parseLong(value.textValue().trim()));
            } catch (NumberFormatException e) {
                throw wrongType(path, field, "an integer", value);
            }
        }
        throw wrongType(path, field, "an integer", value);
    }

    static OptionalInt optionalInt(JsonNode node, String field, String path) {
        OptionalLong value = optionalLong(node, field, path);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        long raw = value.getAsLong();
        if (raw < Integer.MIN_VALUE || raw > Integer.MAX_VALUE) {
            throw new WithingsResponseException(path + "." + field + " is " + raw + ", which does not fit a 32-bit code");
        }
        return OptionalInt.of((int) raw);
    }

    /** Text, or the text form of a number (Withings sends userids both ways). */
    static Optional<String> optionalText(JsonNode node, String field) {
        if (!present(node, field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        return value.isValueNode() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** Withings sends flags as booleans in v2 calls and as 0/1 integers in older ones. */
    static boolean flag(JsonNode node, String field, String path) {
        if (!present(node, field)) {
            return false;
        }
        JsonNode value = node.get(field);
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.intValue() != 0;
        }
        if (value.isTextual()) {
            String text = value.textValue().trim();
            return text.equals("1") || text.equalsIgnoreCase("true");
        }
        throw wrongType(path, field, "a flag (0/1 or boolean)", value);
    }

    static Optional<LocalDate> optionalDate(JsonNode node, String field, String path) {
        Optional<String> text = optionalText(node, field);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.get()));
        } catch (DateTimeParseException e) {
            throw wrongType(path, field, "a date YYYY-MM-DD", node.get(field));
        }
    }

    static LocalDate requiredDate(JsonNode node, String field, String path) {
        return optionalDate(node, field, path).orElseThrow(() -> missing(path, field));
    }

    /**
     * The numeric members of an object, in their order, as exact decimals. Nulls and non-numeric members are left
     * out: Withings reports "not measured" as null, and a consumer looks values up by name.
     */
    static Map<String, BigDecimal> numericMembers(JsonNode object) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        if (object == null || !object.isObject()) {
            return values;
        }
        object.fields().forEachRemaining(entry -> {
            if (entry.getValue().isNumber()) {
                values.put(entry.getKey(), entry.getValue().decimalValue());
            }
        });
        return values;
    }

    /** Each element of the array {@code field}, read by {@code reader} with its path; empty when the array is absent. */
    static <T> List<T> elements(JsonNode node, String field, String path, BiFunction<JsonNode, String, T> reader) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            return List.of();
        }
        List<T> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(reader.apply(value.get(i), path + "." + field + "[" + i + "]"));
        }
        return List.copyOf(elements);
    }

    private static WithingsResponseException missing(String path, String field) {
        return new WithingsResponseException(path + "." + field + " is missing");
    }

    private static WithingsResponseException wrongType(String path, String field, String expected, JsonNode value) {
        return new WithingsResponseException(path + "." + field + " should be " + expected + " but is " + describe(value));
    }

    private static String describe(JsonNode value) {
        String text = value.toString();
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return value.getNodeType().name().toLowerCase() + " " + shown;
    }
}
