package org.iomtbridge.bridge.consent;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class EnrollmentFlowOnH2Test extends EnrollmentFlowBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        useH2(registry);
        bridgeAndServers(registry);
    }
}
