package org.iomtbridge.bridge.consent;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class EnrollmentAbuseOnPostgresTest extends EnrollmentAbuseBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        usePostgres(registry);
        EnrollmentFlowBehaviour.bridgeAndServers(registry);
    }
}
