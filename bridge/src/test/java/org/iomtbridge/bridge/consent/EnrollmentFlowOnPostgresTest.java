package org.iomtbridge.bridge.consent;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** On PostgreSQL, and with the other revocation policy: the data of a withdrawn consent is erased from FHIR,
 * at once (no grace period). */
class EnrollmentFlowOnPostgresTest extends EnrollmentFlowBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        usePostgres(registry);
        bridgeAndServers(registry);
        registry.add("iomt.revocation.erase-data", () -> true);
        registry.add("iomt.revocation.erasure-grace-period", () -> "0s");
    }
}
