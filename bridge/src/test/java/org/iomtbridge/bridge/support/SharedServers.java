package org.iomtbridge.bridge.support;

/**
 * One FHIR server and one Withings emulator for all the tests of this JVM: each takes seconds to start. They stop
 * when the JVM does. Tests keep out of each other's way by using patients and users of their own.
 */
public final class SharedServers {

    public static final String CLIENT_ID = "bridge-test-client";
    public static final String CLIENT_SECRET = "bridge-test-client-secret";

    private static ModuleProcess fhirServer;
    private static ModuleProcess emulator;

    private SharedServers() {
    }

    /** The FHIR server's base URL. */
    public static synchronized String fhirBaseUrl() {
        if (fhirServer == null) {
            fhirServer = stopAtExit(ModuleProcess.start("fhir-server", "/fhir/metadata",
                    "--fhir-server.data-dir={data}"));
        }
        return fhirServer.url("/fhir");
    }

    /** The emulator's base URL; its one client is {@link #CLIENT_ID}, with no simulated user at start. */
    public static synchronized String emulatorBaseUrl() {
        if (emulator == null) {
            emulator = stopAtExit(ModuleProcess.start("withings-emulator", "/_emulator/users",
                    "--emulator.client.id=" + CLIENT_ID, "--emulator.client.secret=" + CLIENT_SECRET,
                    "--emulator.users=0", "--emulator.page-size=10",
                    // The tests of one JVM share this emulator: each bridge context's own limit would add up.
                    "--emulator.rate-limit-per-minute=100000", "--emulator.time-scale=1000",
                    "--emulator.data-dir={data}"));
        }
        return emulator.url("");
    }

    private static ModuleProcess stopAtExit(ModuleProcess process) {
        Runtime.getRuntime().addShutdownHook(new Thread(process::close));
        return process;
    }
}
