package org.iomtbridge.bridge.sync;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class UserSyncOnH2Test extends UserSyncBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        useH2(registry);
        servers(registry);
    }
}
