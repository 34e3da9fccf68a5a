package org.iomtbridge.bridge.sync;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class UserSyncOnPostgresTest extends UserSyncBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        usePostgres(registry);
        servers(registry);
    }
}
