package org.iomtbridge.fhirserver;

import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The server on its default database, an H2 file, which keeps the data across a restart. */
class H2FhirServerTest extends FhirServerBehaviour {

    private static Path dataDir;
    private static RunningFhirServer server;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory(Path.of("target"), "fhir-h2-");
        server = RunningFhirServer.start("fhir-server.data-dir=" + dataDir.toAbsolutePath());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    RunningFhirServer server() {
        return server;
    }

    @Test
    void dataWrittenBeforeARestartIsThereAfterIt() {
        put(server.client(), patient("restart"));
        put(server.client(), weight("restart-w1", "restart", "2023-05-05T06:00:00Z", "70.7"));
        server.close();

        server = RunningFhirServer.start("fhir-server.data-dir=" + dataDir.toAbsolutePath());

        Observation kept = server.client().read().resource(Observation.class).withId("restart-w1").execute();
        assertThat(kept.getValueQuantity().getValue()).isEqualByComparingTo("70.7");
        assertThat(Files.exists(dataDir.resolve("fhir.mv.db"))).isTrue();
    }
}
