package org.iomtbridge.bridge.support;

import java.util.Map;

/**
 * One FHIR server and one Withings emulator for all the tests of this JVM: each takes seconds to start, so the first
 * test that needs either starts both together. They stop when the JVM does. Tests keep out of each other's way by
 * using patients and users of their own.
 */
public final class SharedServers {

    public static final String CLIENT_ID = "bridge-test-client";
    public static final String CLIENT_SECRET = "bridge-test-client-secret";

    private static ModuleProcess fhirServer;
    private static ModuleProcess emulator;

    private SharedServers() {
    }

    /** Points a bridge under test at the shared emulator, as its Withings, and at the shared FHIR server. */
    public static void register(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("iomt.withings.endpoints", SharedServers::emulatorBaseUrl);
        registry.add("iomt.withings.client-id", () -> CLIENT_ID);
        registry.add("iomt.withings.client-secret", () -> CLIENT_SECRET);
        registry.add("iomt.fhir.base-url", SharedServers::fhirBaseUrl);
    }

    /** The FHIR server's base URL. */
    public static String fhirBaseUrl() {
        started();
        return fhirServer.url("/fhir");
    }

    /** The emulator's base URL; its one client is {@link #CLIENT_ID}, with no simulated user at start. */
    public static String emulatorBaseUrl() {
        started();
        return emulator.url("");
    }

    private static synchronized void started() {
        if (fhirServer != null) {
            return;
        }
        ModuleProcess fhir = stopAtExit(ModuleProcess.launch("fhir-server", "/fhir/metadata", Map.of(),
                "--fhir-server.data-dir={data}"));
        ModuleProcess withings = stopAtExit(ModuleProcess.launch("withings-emulator", "/_emulator/users", Map.of(),
                "--emulator.client.id=" + CLIENT_ID, "--emulator.client.secret=" + CLIENT_SECRET,
                "--emulator.users=0", "--emulator.page-size=10",
                // The tests of one JVM share this emulator: each bridge context's own limit would add up.
                "--emulator.rate-limit-per-minute=100000", "--emulator.time-scale=1000",
                "--emulator.data-dir={data}"));
        emulator = withings.awaitReady();
        fhirServer = fhir.awaitReady();
    }

    private static ModuleProcess stopAtExit(ModuleProcess process) {
        Runtime.getRuntime().addShutdownHook(new Thread(process::close));
        return process;
    }
}
