package org.iomtbridge.bridge.sync;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class UserSyncOnPostgresTest extends UserSyncBehaviour {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        usePostgres(registry);
        servers(registry);
        // Fewer connections than concurrent callers of one user, as in production under load: callers waiting for
        // one refresh must not hold them all while the refreshing thread needs one for the shared rate limit.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "3");
        registry.add("spring.datasource.hikari.connection-timeout", () -> "10000");
    }
}
