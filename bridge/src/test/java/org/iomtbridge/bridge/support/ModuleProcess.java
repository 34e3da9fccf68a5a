package org.iomtbridge.bridge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * Another module of the project — the FHIR server, the Withings emulator — as a process of its own, started from its
 * executable jar on a free port, as the launcher starts it.
 */
public final class ModuleProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dataDir;

    private ModuleProcess(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * @param module   the module's folder beside this one, for example {@code fhir-server}
     * @param readyPath a path that answers 200 once the process is ready
     */
    public static ModuleProcess start(String module, String readyPath, String... arguments) {
        try {
            Path jar;
            try (Stream<Path> files = Files.list(Path.of("..", module, "target"))) {
                jar = files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("../" + module + "/target has no executable jar:"
                                + " build it with mvn -pl " + module + " -am package"));
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path data = Files.createTempDirectory(Path.of("target"), module + "-");
            Path log = data.resolve(module + ".log");
            List<String> command = new ArrayList<>(List.of("java", "-Xmx768m", "-jar", jar.toAbsolutePath().toString(),
                    "--server.port=" + port));
            for (String argument : arguments) {
                command.add(argument.replace("{data}", data.toAbsolutePath().toString()));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ModuleProcess started = new ModuleProcess(process, port, data);
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(300)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(module + " exited; see " + log.toAbsolutePath());
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(started.url(readyPath))).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
