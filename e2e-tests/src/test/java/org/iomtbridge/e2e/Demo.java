package org.iomtbridge.e2e;

import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.ModuleProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * {@code ./iomt-bridge demo} as an evaluator runs it, in a process of its own: the launcher starts the emulator, the
 * FHIR server and the bridge, and prints what to do. Only its ports and data folder are its own (by the launcher's
 * environment), so that it runs beside other tests and other demos. Stopping it sends SIGTERM to the launcher, as Ctrl-C interrupts
 * it, and waits until it stopped all three.
 */
final class Demo implements Deployment, AutoCloseable {

    static final String RUNNING = "IoMT FHIR Bridge demo is running.";
    private static final Pattern API_KEY = Pattern.compile("Admin API key\\s+(iomt_[0-9a-f]+)");

    /**
     * The ports of the emulator, the FHIR server and the bridge: the same at every run, as the launcher's defaults are,
     * since Withings' subscriptions name the bridge's address.
     */
    record Ports(int emulator, int fhirServer, int bridge) {

        static Ports free() {
            return new Ports(ModuleProcess.freePort(), ModuleProcess.freePort(), ModuleProcess.freePort());
        }
    }

    private final Process launcher;
    private final Path output;
    private final Ports ports;
    private String apiKey;

    private Demo(Process launcher, Path output, Ports ports) {
        this.launcher = launcher;
        this.output = output;
        this.ports = ports;
    }

    /**
     * Runs the demo on the data folder and waits until it says it is running.
     *
     * @param options the launcher's options, such as {@code --fresh}
     */
    static Demo run(Path data, Ports ports, String... options) {
        List<String> command = new ArrayList<>(List.of(Path.of("..", "iomt-bridge").toAbsolutePath().normalize()
                .toString(), "demo"));
        command.addAll(List.of(options));
        try {
            Path output = Files.createTempFile(Path.of("target"), "demo-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("IOMT_DEMO_DATA", data.toAbsolutePath().toString());
            builder.environment().put("IOMT_DEMO_EMULATOR_PORT", String.valueOf(ports.emulator()));
            builder.environment().put("IOMT_DEMO_FHIR_PORT", String.valueOf(ports.fhirServer()));
            builder.environment().put("IOMT_DEMO_BRIDGE_PORT", String.valueOf(ports.bridge()));
            // No live data: what the emulator holds changes only when the test changes it.
            builder.environment().put("IOMT_DEMO_LIVE_SECONDS", "86400");
            Demo demo = new Demo(builder.start(), output, ports);
            try {
                demo.awaitRunning();
            } catch (RuntimeException e) {
                demo.close();
                throw e;
            }
            return demo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitRunning() {
        // The FHIR server alone takes minutes to start on a loaded 2-core machine, and the first demo after a build
        // also makes the class data sharing archives of the three (a training start each and the archive).
        await().atMost(Duration.ofSeconds(900)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!launcher.isAlive()) {
                throw new IllegalStateException("the demo stopped before it ran:\n" + output());
            }
            return output().contains(RUNNING);
        });
        Matcher key = API_KEY.matcher(output());
        if (!key.find()) {
            throw new IllegalStateException("the demo shows no admin API key:\n" + output());
        }
        apiKey = key.group(1);
    }

    /** Everything the launcher printed so far. */
    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the launcher printed from its start message on: the addresses, who is enrolled, the next steps. */
    String startMessage() {
        String printed = output();
        return printed.substring(printed.indexOf(RUNNING));
    }

    String fhirBaseUrl() {
        return "http://127.0.0.1:" + ports.fhirServer() + "/fhir";
    }

    @Override
    public String publicUrl(String path) {
        return "http://localhost:" + ports.bridge() + path;
    }

    @Override
    public String emulatorUrl() {
        return "http://localhost:" + ports.emulator();
    }

    @Override
    public String apiKey() {
        return apiKey;
    }

    @Override
    public Browser browser(String userAgent) {
        return new Browser(userAgent, HttpClient.newBuilder().cookieHandler(new CookieManager()));
    }

    /** Ctrl-C: the launcher stops the three and exits once they stopped. */
    @Override
    public void close() {
        List<ProcessHandle> started = launcher.descendants().toList();
        launcher.destroy();
        try {
            if (!launcher.waitFor(120, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Whatever the launcher failed to stop must not outlive the test and hold its ports.
        started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
