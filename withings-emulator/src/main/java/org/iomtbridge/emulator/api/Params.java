package org.iomtbridge.emulator.api;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The parameters of one call, read as Withings reads them; a malformed one is status 503. */
public record Params(Map<String, String> values) {

    public Optional<String> text(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String required(String name) {
        return text(name).orElseThrow(() -> WithingsError.invalidParams("missing " + name));
    }

    public Optional<Long> number(String name) {
        return text(name).map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw WithingsError.invalidParams(name + " must be an integer");
            }
        });
    }

    public Optional<LocalDate> date(String name) {
        return text(name).map(value -> {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw WithingsError.invalidParams(name + " must be a date YYYY-MM-DD");
            }
        });
    }

    public List<String> list(String name) {
        return text(name).map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    public int offset() {
        long offset = number("offset").orElse(0L);
        if (offset < 0) {
            throw WithingsError.invalidParams("offset must not be negative");
        }
        return (int) Math.min(offset, Integer.MAX_VALUE);
    }
}
