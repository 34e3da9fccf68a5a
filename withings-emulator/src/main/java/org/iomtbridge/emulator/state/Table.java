package org.iomtbridge.emulator.state;

import com.fasterxml.jackson.databind.JavaType;

import java.util.Map;
import java.util.Objects;

/**
 * One named part of the {@link WorldFile}: values by key, each written when it changes. A component puts, removes or
 * clears while it changes its own copy in memory, under the same lock, so that the file changes in the same order.
 */
public final class Table<T> {

    private final WorldFile file;
    private final String name;
    private final JavaType type;

    Table(WorldFile file, String name, JavaType type) {
        this.file = file;
        this.name = name;
        this.type = type;
    }

    /** The values as the emulator found them at start, in the order they were first put; at start only. */
    public Map<String, T> loaded() {
        return file.loaded(name, type);
    }

    public void put(String key, T value) {
        file.record(name, Objects.requireNonNull(key), Objects.requireNonNull(value));
    }

    public void remove(String key) {
        file.record(name, Objects.requireNonNull(key), null);
    }

    public void clear() {
        file.record(name, null, null);
    }
}
