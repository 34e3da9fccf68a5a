package org.iomtbridge.emulator.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.iomtbridge.emulator.EmulatorProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The emulator's world on disk, in its data folder, so that a restarted emulator continues where it stopped: a
 * snapshot ({@code world.json}) and a journal of every change since ({@code world.journal}, one JSON line per change,
 * written before the change is answered). Each component keeps its part in named {@link Table}s of keyed values.
 *
 * <p>A process killed at any moment leaves a readable world: the snapshot is only ever replaced whole (a temporary
 * file, then an atomic move), and a journal line cut short by the kill is the last one, which is dropped. At start the
 * snapshot and the journal are read, the components take their tables, and once every component is made the whole
 * world — the first one, generated from the seed, or the one read — is written as a new snapshot and the journal
 * begins again. Journal lines carry a sequence number, so that lines a new snapshot already holds are skipped when the
 * process stopped between the snapshot and the new journal. A world that cannot be read stops the start, naming the
 * file: it is never silently replaced.
 */
@Component
public class WorldFile implements SmartInitializingSingleton {

    static final String SNAPSHOT = "world.json";
    static final String JOURNAL = "world.journal";
    private static final int FORMAT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(WorldFile.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final ObjectMapper json = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final Path snapshot;
    private final Path journal;
    private final boolean fresh;
    /** The world held here until the journal opens: as read from disk, then with what the components add at start. */
    private Map<String, Map<String, JsonNode>> tables = new LinkedHashMap<>();
    private long sequence;
    private FileChannel appending;

    public WorldFile(EmulatorProperties properties) {
        Path folder = properties.dataDir().toAbsolutePath();
        this.snapshot = folder.resolve(SNAPSHOT);
        this.journal = folder.resolve(JOURNAL);
        this.fresh = !Files.exists(snapshot) && !Files.exists(journal);
        if (!fresh) {
            readSnapshot();
            replayJournal();
        }
    }

    /** Whether the data folder held no world: the emulator makes the first one from its seed. */
    public boolean fresh() {
        return fresh;
    }

    public Path folder() {
        return snapshot.getParent();
    }

    public <T> Table<T> table(String name, Class<T> type) {
        return new Table<>(this, name, json.constructType(type));
    }

    /** Every component is made, with its part of the world: the world is written whole, and the journal begins. */
    @Override
    public synchronized void afterSingletonsInstantiated() {
        try {
            Files.createDirectories(folder());
            Path written = folder().resolve(SNAPSHOT + ".tmp");
            Files.deleteIfExists(written);
            try (FileChannel channel = FileChannel.open(written, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), ownerOnly());
                 OutputStream out = Channels.newOutputStream(channel);
                 JsonGenerator generator = json.createGenerator(out)) {
                generator.writeStartObject();
                generator.writeNumberField("format", FORMAT);
                generator.writeNumberField("sequence", sequence);
                generator.writeObjectFieldStart("tables");
                for (Map.Entry<String, Map<String, JsonNode>> table : tables.entrySet()) {
                    generator.writeObjectFieldStart(table.getKey());
                    for (Map.Entry<String, JsonNode> entry : table.getValue().entrySet()) {
                        generator.writeFieldName(entry.getKey());
                        generator.writeTree(entry.getValue());
                    }
                    generator.writeEndObject();
                }
                generator.writeEndObject();
                generator.writeEndObject();
                generator.flush();
                channel.force(true);
            }
            Files.move(written, snapshot, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(journal);
            appending = FileChannel.open(journal, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND), ownerOnly());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the emulator's world to " + snapshot
                    + ": give the emulator a writable emulator.data-dir", e);
        }
        LOG.debug("The world is written to {}; its changes go to {}", snapshot, journal);
        tables = null;
    }

    @PreDestroy
    synchronized void close() throws IOException {
        if (appending != null) {
            appending.close();
            appending = null;
        }
    }

    /** The values of a table as the world was read, in the order they were first put. */
    synchronized <T> Map<String, T> loaded(String table, JavaType type) {
        if (tables == null) {
            throw new IllegalStateException("the world of table " + table + " is read while the emulator starts only");
        }
        Map<String, T> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : tables.getOrDefault(table, Map.of()).entrySet()) {
            try {
                values.put(entry.getKey(), json.treeToValue(entry.getValue(), type));
            } catch (JsonProcessingException e) {
                throw unreadable(snapshot, "table " + table + ", key " + entry.getKey() + ": " + problem(e));
            }
        }
        return values;
    }

    /** Puts a value under its key, or removes the key ({@code value} null), or clears the table ({@code key} null). */
    synchronized void record(String table, String key, Object value) {
        sequence++;
        JsonNode tree = value == null ? null : json.valueToTree(value);
        if (tables != null) {
            apply(table, key, tree);
            return;
        }
        if (appending == null) {
            throw new IllegalStateException("the emulator has stopped: its world no longer changes");
        }
        ObjectNode line = json.createObjectNode().put("sequence", sequence).put("table", table);
        if (key == null) {
            line.put("cleared", true);
        } else if (tree == null) {
            line.put("key", key).put("removed", true);
        } else {
            line.put("key", key).set("value", tree);
        }
        try {
            byte[] text = json.writeValueAsBytes(line);
            ByteBuffer buffer = ByteBuffer.allocate(text.length + 1).put(text).put((byte) '\n').flip();
            while (buffer.hasRemaining()) {
                appending.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the emulator's world to " + journal, e);
        }
    }

    private void apply(String table, String key, JsonNode value) {
        Map<String, JsonNode> values = tables.computeIfAbsent(table, name -> new LinkedHashMap<>());
        if (key == null) {
            values.clear();
        } else if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }

    private void readSnapshot() {
        if (!Files.exists(snapshot)) {
            return;
        }
        JsonNode root;
        try {
            root = json.readTree(snapshot.toFile());
        } catch (IOException e) {
            throw unreadable(snapshot, problem(e));
        }
        if (root == null || root.path("format").asInt() != FORMAT || !root.path("tables").isObject()) {
            throw unreadable(snapshot, "not a world of format " + FORMAT);
        }
        sequence = root.path("sequence").asLong();
        for (Iterator<Map.Entry<String, JsonNode>> table = root.get("tables").fields(); table.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = table.next();
            Map<String, JsonNode> values = new LinkedHashMap<>();
            entry.getValue().fields().forEachRemaining(value -> values.put(value.getKey(), value.getValue()));
            tables.put(entry.getKey(), values);
        }
    }

    private void replayJournal() {
        if (!Files.exists(journal)) {
            return;
        }
        String text;
        try {
            text = Files.readString(journal, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable(journal, problem(e));
        }
        String[] lines = text.split("\n", -1);
        // The last piece follows the last newline: empty, or a line the process was killed while writing.
        if (!lines[lines.length - 1].isEmpty()) {
            LOG.warn("The last line of {} was cut short when the emulator stopped; the change it began is dropped",
                    journal);
        }
        for (int number = 1; number < lines.length; number++) {
            String line = lines[number - 1];
            try {
                JsonNode change = json.readTree(line);
                long lineSequence = change.path("sequence").asLong(-1);
                String table = change.path("table").asText(null);
                if (lineSequence < 0 || table == null) {
                    throw unreadable(journal, "line " + number + " is not a change of the world");
                }
                if (lineSequence <= sequence) {
                    continue;
                }
                sequence = lineSequence;
                if (change.path("cleared").asBoolean()) {
                    apply(table, null, null);
                } else if (change.path("removed").asBoolean()) {
                    apply(table, change.path("key").asText(), null);
                } else if (change.hasNonNull("key") && change.hasNonNull("value")) {
                    apply(table, change.get("key").asText(), change.get("value"));
                } else {
                    throw unreadable(journal, "line " + number + " is not a change of the world");
                }
            } catch (IOException e) {
                throw unreadable(journal, "line " + number + ": " + problem(e));
            }
        }
    }

    /** What went wrong, without the text of the file, which holds the world's hashed tokens. */
    private static String problem(IOException e) {
        return e instanceof JsonProcessingException parsing ? parsing.getOriginalMessage() : e.toString();
    }

    private IllegalStateException unreadable(Path file, String problem) {
        String message = "The Withings emulator cannot read its world in " + file + " (" + problem + "). The"
                + " emulator never leaves a file so, even when killed: something else changed it, or the disk failed."
                + " To start a new world, move the folder " + folder() + " away; or put back a copy of it"
                + " (./iomt-bridge demo --fresh deletes all of the demo's data).";
        LOG.error(message);
        return new IllegalStateException(message);
    }

    private static FileAttribute<?>[] ownerOnly() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
