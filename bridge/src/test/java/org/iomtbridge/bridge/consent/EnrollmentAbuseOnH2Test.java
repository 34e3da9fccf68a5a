package org.iomtbridge.bridge.consent;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class EnrollmentAbuseOnH2Test extends EnrollmentAbuseBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        useH2(registry);
        EnrollmentFlowBehaviour.bridgeAndServers(registry);
    }
}
