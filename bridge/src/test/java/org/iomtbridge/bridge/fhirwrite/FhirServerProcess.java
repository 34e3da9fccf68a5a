package org.iomtbridge.bridge.fhirwrite;

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
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** The project's FHIR server as a process of its own, started from its executable jar on a free port. */
final class FhirServerProcess implements AutoCloseable {

    private final Process process;
    private final String baseUrl;

    private FhirServerProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    static FhirServerProcess start() {
        try {
            Path jar;
            try (Stream<Path> files = Files.list(Path.of("../fhir-server/target"))) {
                jar = files.filter(file -> file.getFileName().toString().endsWith("-exec.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("../fhir-server/target has no executable jar:"
                                + " build it with mvn -pl fhir-server -am package"));
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path data = Files.createTempDirectory(Path.of("target"), "fhir-server-");
            Path log = data.resolve("fhir-server.log");
            Process process = new ProcessBuilder("java", "-Xmx768m", "-jar", jar.toAbsolutePath().toString(),
                    "--server.port=" + port, "--fhir-server.data-dir=" + data.toAbsolutePath())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String baseUrl = "http://127.0.0.1:" + port + "/fhir";
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the FHIR server exited; see " + log.toAbsolutePath());
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/metadata")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
            return new FhirServerProcess(process, baseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
