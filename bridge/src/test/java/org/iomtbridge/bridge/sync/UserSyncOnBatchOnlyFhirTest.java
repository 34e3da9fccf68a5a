package org.iomtbridge.bridge.sync;

import org.hl7.fhir.r4.model.Bundle;
import org.iomtbridge.bridge.fhirwrite.TargetServerWatch;
import org.iomtbridge.bridge.support.ModuleProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's sync to a FHIR server that takes batches but refuses transactions (a real HAPI server started with
 * {@code fhir-server.transactions=false}, which says so in its capability statement): every behaviour of the sync
 * holds, each resource arriving exactly once, though a batch is not atomic.
 */
class UserSyncOnBatchOnlyFhirTest extends UserSyncBehaviour {

    private static ModuleProcess batchOnly;

    @Autowired
    TargetServerWatch targetServer;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        useH2(registry);
        batchOnly = ModuleProcess.start("fhir-server", "/fhir/metadata", Map.of(), "--fhir-server.data-dir={data}",
                "--fhir-server.transactions=false");
        servers(registry, () -> batchOnly.url("/fhir"));
    }

    @AfterAll
    static void stop() {
        if (batchOnly != null) {
            batchOnly.close();
        }
    }

    @Test
    void theBridgeReadTheServerAndSendsItBatches() {
        assertThat(targetServer.current()).hasValueSatisfying(known -> {
            assertThat(known.server().transaction()).isFalse();
            assertThat(known.refusal()).isEmpty();
            assertThat(known.bundleType()).isEqualTo(Bundle.BundleType.BATCH);
        });
    }
}
