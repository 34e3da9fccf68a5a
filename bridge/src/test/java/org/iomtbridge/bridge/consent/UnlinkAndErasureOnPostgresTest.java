package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.accounts.AccountStatus;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** On PostgreSQL, with a grace period of 2 seconds: the erasure runs once it is over. */
class UnlinkAndErasureOnPostgresTest extends UnlinkAndErasureBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        usePostgres(registry);
        bridgeAndServers(registry);
        registry.add("iomt.revocation.erasure-grace-period", () -> "2s");
    }

    @Test
    void theDataIsErasedOnceTheGracePeriodIsOver() {
        Connected connected = connectAndBackfill("erased");
        String patientId = connected.patient().substring("Patient/".length());

        emulator().unlink(connected.userid());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> accounts
                .find(connected.user()).orElseThrow().status() == AccountStatus.REVOKED);

        assertThat(observations(patientId)).as("kept during the grace period").isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> observations(patientId) == 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !audit(connected.user(), "erasure.done").isEmpty());
        assertThat(audit(connected.user(), "erasure.done")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("actor_type", "SYSTEM").containsEntry("patient", connected.patient()));
    }
}
