package org.iomtbridge.testauth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import java.time.Duration;
import java.util.UUID;

/**
 * The authorization server's endpoints as Spring Boot configures them, plus the JWT bearer grant of a Google-style
 * service account ({@link ServiceAccountProperties}). Boot's own security chains step back once one is declared, so
 * both are declared here as Boot would.
 */
@Configuration
@EnableConfigurationProperties(ServiceAccountProperties.class)
class JwtBearerGrantSecurity {

    @Bean
    OAuth2AuthorizationService authorizationService() {
        return new InMemoryOAuth2AuthorizationService();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http, ServiceAccountProperties serviceAccount,
            OAuth2AuthorizationService authorizations, JWKSource<SecurityContext> keys,
            @Value("${test-authorization-server.token-lifetime:5m}") Duration tokenLifetime) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, server -> {
                    server.oidc(Customizer.withDefaults());
                    if (serviceAccount.configured()) {
                        RegisteredClient account = serviceAccount(serviceAccount, tokenLifetime);
                        server.clientAuthentication(clients -> clients
                                        .authenticationConverter(new ServiceAccountAssertion.Converter())
                                        .authenticationProvider(new ServiceAccountAssertion.Provider(account, serviceAccount)))
                                .tokenEndpoint(tokens -> tokens
                                        .accessTokenRequestConverter(new JwtBearerGrant.Converter())
                                        .authenticationProvider(new JwtBearerGrant.Provider(authorizations,
                                                new JwtGenerator(new NimbusJwtEncoder(keys)))));
                    }
                })
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain defaultSecurityFilterChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults()).build();
    }

    private static RegisteredClient serviceAccount(ServiceAccountProperties properties, Duration tokenLifetime) {
        return RegisteredClient.withId(UUID.nameUUIDFromBytes(properties.clientEmail().getBytes()).toString())
                .clientId(properties.clientEmail())
                .clientAuthenticationMethod(ServiceAccountAssertion.METHOD)
                .authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
                .scopes(scopes -> scopes.addAll(properties.scopes()))
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenLifetime).build())
                .build();
    }
}
