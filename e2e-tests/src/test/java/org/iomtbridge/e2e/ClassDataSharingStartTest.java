package org.iomtbridge.e2e;

import org.iomtbridge.bridge.support.ModuleProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the launcher starts a module ({@code .launcher/start-jar}): the first start after a build makes the module's class
 * data sharing archive and later starts read their classes from it; a new build makes it again; an archive the JVM
 * refuses never stops a start. On the emulator, the quickest module to start, in a tree of its own: the launcher and
 * the emulator's jar, so that the archive this test makes, spoils and replaces is not the one other tests use.
 */
class ClassDataSharingStartTest {

    private static final String APPLICATION_CLASS = "org.iomtbridge.emulator.EmulatorApplication";

    @Test
    void aNewBuildMakesTheArchiveAgainAndASpoiltArchiveNeverStopsAStart() throws Exception {
        Path tree = Files.createTempDirectory(Path.of("target"), "cds-tree-").toAbsolutePath();
        Files.createDirectories(tree.resolve(".launcher"));
        Files.copy(Path.of("..", ".launcher", "start-jar"), tree.resolve(".launcher/start-jar"));
        Path jar;
        try (Stream<Path> jars = Files.list(Path.of("..", "withings-emulator", "target"))) {
            Path built = jars.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow();
            jar = Files.createDirectories(tree.resolve("withings-emulator/target")).resolve(built.getFileName());
            Files.copy(built, jar);
        }
        Path cds = tree.resolve("withings-emulator/target/cds");

        Path firstLoads = start(tree, "first");
        Path archive = onlyArchive(cds);
        assertThat(loadedFromArchive(firstLoads)).as("the first start made the archive and used it").isTrue();

        // A new build: the jar changes. The archive of the old one would be refused (its jars' times differ).
        Instant madeBefore = Files.getLastModifiedTime(archive).toInstant();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        Path afterBuildLoads = start(tree, "after-build");
        assertThat(Files.getLastModifiedTime(onlyArchive(cds)).toInstant()).isAfter(madeBefore);
        assertThat(loadedFromArchive(afterBuildLoads)).as("the start after the build used a new archive").isTrue();

        // An archive spoilt on disk: the JVM refuses it and the module starts all the same, reading its classes.
        Files.writeString(onlyArchive(cds), "not an archive");
        Path spoiltLoads = start(tree, "spoilt");
        assertThat(loadedFromArchive(spoiltLoads)).isFalse();
    }

    /** Starts the emulator with the launcher until it answers, then stops it; the file its class loading went to. */
    private static Path start(Path tree, String name) throws IOException, InterruptedException {
        int port = ModuleProcess.freePort();
        Path loads = tree.resolve(name + "-class-load.log");
        Process process = new ProcessBuilder(List.of("bash", tree.resolve(".launcher/start-jar").toString(),
                "withings-emulator", "-Xlog:class+load=info:file=" + loads, "--", "--server.port=" + port,
                "--emulator.data-dir=" + tree.resolve(name + "-data")))
                .redirectErrorStream(true).redirectOutput(tree.resolve(name + ".log").toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            // A start on a loaded 2-core machine, and the first after a build also makes the archive.
            await().atMost(Duration.ofSeconds(600)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the emulator exited; see " + tree.resolve(name + ".log"));
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/_emulator/users")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        return loads;
    }

    private static Path onlyArchive(Path cds) throws IOException {
        try (Stream<Path> files = Files.list(cds)) {
            List<Path> archives = files.filter(file -> file.getFileName().toString().endsWith(".jsa")).toList();
            assertThat(archives).hasSize(1);
            return archives.get(0);
        }
    }

    /** Whether the JVM took the emulator's own application class from the archive rather than from its jar. */
    private static boolean loadedFromArchive(Path classLoads) throws IOException {
        return Files.readAllLines(classLoads).stream()
                .filter(line -> line.contains(" " + APPLICATION_CLASS + " "))
                .anyMatch(line -> line.contains("source: shared objects file"));
    }
}
