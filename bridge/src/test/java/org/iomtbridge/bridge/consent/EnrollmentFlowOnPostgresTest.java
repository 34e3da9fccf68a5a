package org.iomtbridge.bridge.consent;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class EnrollmentFlowOnPostgresTest extends EnrollmentFlowBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        usePostgres(registry);
        bridgeAndServers(registry);
    }
}
