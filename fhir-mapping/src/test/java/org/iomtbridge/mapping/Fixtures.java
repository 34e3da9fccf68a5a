package org.iomtbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The responses recorded from the real Withings API, in the repository's fixtures/withings. */
public final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static Path directory() {
        Path dir = Path.of(System.getProperty("withings.fixtures.dir", "../fixtures/withings"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("The recorded Withings responses are not at " + dir.toAbsolutePath());
        }
        return dir;
    }

    static Path path(String name) {
        return directory().resolve(name);
    }

    public static List<String> names() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The body of a recorded response. The getmeas recordings that hold a bare array of groups are given the body
     * they came in, with the profile time zone of their account.
     */
    public static JsonNode body(String name) {
        try {
            JsonNode recorded = JSON.readTree(path(name).toFile());
            if (recorded.isArray()) {
                ObjectNode body = JSON.createObjectNode();
                body.put("updatetime", 1704800000L);
                body.put("timezone", "Europe/Amsterdam");
                body.set("measuregrps", recorded);
                body.put("more", 0);
                body.put("offset", 0);
                return body;
            }
            return recorded.get("body");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
