package org.iomtbridge.testauth;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * For tests only: Spring Authorization Server with the two confidential clients of {@code test-authorization-server.yml}
 * — one with a client secret, one with {@code private_key_jwt} (SMART Backend Services) — issuing JWT access tokens by
 * client_credentials, and — when {@code test-authorization-server.service-account.*} is given — the JWT bearer grant of
 * a Google-style service account ({@link JwtBearerGrantSecurity}). Its signing key is made at start and lives only in
 * memory.
 */
@SpringBootApplication
public class TestAuthorizationServer {

    public static void main(String[] args) {
        // Its own configuration name: the plain jar sits on other modules' test classpaths (for the build order),
        // where an application.yml of its own could be read in place of theirs.
        new SpringApplicationBuilder(TestAuthorizationServer.class)
                .properties("spring.config.name=test-authorization-server")
                .run(args);
    }
}
