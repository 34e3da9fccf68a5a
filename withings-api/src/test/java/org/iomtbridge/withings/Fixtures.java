package org.iomtbridge.withings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The responses recorded from the real Withings API, in the repository's fixtures/withings. */
final class Fixtures {

    private Fixtures() {
    }

    static Path directory() {
        Path dir = Path.of(System.getProperty("withings.fixtures.dir", "../fixtures/withings"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("The recorded Withings responses are not at " + dir.toAbsolutePath()
                    + ": run the tests from the repository's module folders, or set -Dwithings.fixtures.dir");
        }
        return dir;
    }

    static String read(String name) {
        try {
            return Files.readString(directory().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static com.fasterxml.jackson.databind.JsonNode json(String name) {
        try {
            return Json.MAPPER.readTree(read(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
