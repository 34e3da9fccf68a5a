package org.iomtbridge.withings.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Withings device's MAC address, the name the program calls give a device: six hex pairs joined by colons, kept in
 * lower case as Withings writes them, for example {@code 00:24:e4:69:b2:30}.
 */
public record MacAddress(String value) {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public MacAddress {
        String normalized = Objects.requireNonNull(value, "value").trim().toLowerCase(Locale.ROOT);
        if (!FORM.matcher(normalized).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a MAC address: give the six hex pairs joined by"
                    + " colons printed on the device or its box, for example 00:24:e4:69:b2:30");
        }
        value = normalized;
    }

    @Override
    public String toString() {
        return value;
    }
}
