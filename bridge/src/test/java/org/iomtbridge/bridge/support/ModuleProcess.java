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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A module of the project — the FHIR server, the Withings emulator, the bridge — as a process of its own, started from
 * its executable jar on a free port, as the launcher starts it. It can be killed (SIGKILL) and started again on the
 * same port with the same data, as after a crash. The end-to-end tests use it too.
 */
public final class ModuleProcess implements AutoCloseable {

    /** The launcher's way to start a module's executable jar; tests run in the module's folder, beside the others. */
    static final Path LAUNCHER = Path.of("..", ".launcher", "start-jar").toAbsolutePath().normalize();
    /**
     * The JVM options of the started modules, unless {@code -Dmodule.jvm-options} says otherwise (the benchmarks run
     * them as production does). A test's module lives for minutes on a machine shared by several: C1 alone compiles
     * what a start runs several times sooner than the tiered C2 compiler, and the serial collector adds no threads
     * to the two cores (BENCHMARKS.md, "Start-up").
     */
    static final String QUICK_START = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private final String module;
    private final List<String> command;
    private final Map<String, String> environment;
    private final String readyPath;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private Process process;

    private ModuleProcess(String module, Map<String, String> environment, String readyPath, int port,
                          Path dataDir, Path log, String... arguments) {
        this.module = module;
        // As the launcher starts it: with the module's class data sharing archive, made by the first start after a build.
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), module, "-Xmx768m"));
        command.addAll(List.of(System.getProperty("module.jvm-options", QUICK_START).trim().split("\\s+")));
        command.addAll(List.of("--", "--server.port=" + port));
        for (String argument : arguments) {
            command.add(argument.replace("{data}", dataDir.toAbsolutePath().toString())
                    .replace("{port}", String.valueOf(port)));
        }
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.readyPath = readyPath;
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    /**
     * @param module    the module's folder beside this one, for example {@code fhir-server}
     * @param readyPath a path that answers 200 once the process is ready
     * @param arguments {@code {data}} in them becomes the process's data folder, {@code {port}} its port
     */
    public static ModuleProcess start(String module, String readyPath, String... arguments) {
        return start(module, readyPath, Map.of(), arguments);
    }

    /**
     * @param environment variables for the process, for secrets that must not show in its command line
     */
    public static ModuleProcess start(String module, String readyPath, Map<String, String> environment,
                                      String... arguments) {
        return launch(module, readyPath, environment, arguments).awaitReady();
    }

    /**
     * Starts the process without waiting for it, so that several can start together; {@link #awaitReady()} waits.
     * Its port and URL are known at once.
     */
    public static ModuleProcess launch(String module, String readyPath, Map<String, String> environment,
                                       String... arguments) {
        try {
            // Said at once, rather than by a process that exits while the test waits for it.
            try (Stream<Path> files = Files.list(Path.of("..", module, "target"))) {
                if (files.noneMatch(file -> file.getFileName().toString().endsWith("-exec.jar"))) {
                    throw new IllegalStateException("../" + module + "/target has no executable jar: build it with"
                            + " mvn -pl " + module + " -am package");
                }
            }
            int port = freePort();
            Path data = Files.createTempDirectory(Path.of("target"), module + "-");
            ModuleProcess launched = new ModuleProcess(module, environment, readyPath, port, data,
                    data.resolve(module + ".log"), arguments);
            launched.spawn();
            return launched;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the process — again, after {@link #kill()} or {@link #close()} — on its port, with its data. */
    public void startAgain() {
        spawn();
        awaitReady();
    }

    private void spawn() {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the process answers 200 on its ready path; fails if it exits first. */
    public ModuleProcess awaitReady() {
        Process started = process;
        HttpClient http = HttpClient.newHttpClient();
        // HAPI alone takes 4 minutes to start on a loaded 2-core machine, and the first start after a build also makes
        // the module's class data sharing archive (a training start and the archive: about as long again); a harness
        // starting many may allow more.
        await().atMost(Duration.ofSeconds(Long.getLong("module.ready-timeout-seconds", 600))).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (!started.isAlive()) {
                throw new IllegalStateException(module + " exited; see " + log.toAbsolutePath());
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(url(readyPath))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /**
     * Stops this process and starts the module again on its port, with its data folder, log and environment, but with
     * other arguments — a restart with another configuration; {@link #awaitReady()} waits for the new one.
     *
     * @param readyPath a path that answers 200 once the new process is ready
     */
    public ModuleProcess restartWith(String readyPath, String... arguments) {
        close();
        ModuleProcess restarted = new ModuleProcess(module, environment, readyPath, port, dataDir, log, arguments);
        restarted.spawn();
        return restarted;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed — a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operating system's id of the running process, to read its memory. */
    public long pid() {
        return process.pid();
    }

    /** The process's output, to read when a test fails. */
    public Path log() {
        return log;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
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
