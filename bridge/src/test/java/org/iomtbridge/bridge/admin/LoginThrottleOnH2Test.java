package org.iomtbridge.bridge.admin;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class LoginThrottleOnH2Test extends LoginThrottleBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        useH2(registry);
    }
}
