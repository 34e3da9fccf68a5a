package org.iomtbridge.fhirserver.access;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.DispatcherType;
import org.iomtbridge.fhirserver.FhirServerProperties;
import org.iomtbridge.fhirserver.FhirServerProperties.AuthType;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Who may call the FHIR server ({@code fhir-server.auth.type}): anyone on a loopback address ({@code none}), one user
 * with a password ({@code basic}), or clients with a JWT access token of a configured authorization server, whose
 * SMART scopes decide what they may read and write ({@code jwt}). The capability statement stays public, for SMART
 * discovery.
 */
@Configuration
public class AccessConfiguration {

    @Bean
    SecurityFilterChain fhirServerSecurity(HttpSecurity http, FhirServerProperties properties, ServerProperties server,
                                           FhirContext fhirContext) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        FhirServerProperties.Auth auth = properties.auth();
        if (auth.type() == AuthType.NONE) {
            requireLoopback(server.getAddress());
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        http.authorizeHttpRequests(requests -> requests
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                .requestMatchers(HttpMethod.GET, "/fhir/metadata").permitAll()
                // CORS preflights carry no credentials; HAPI answers them.
                .requestMatchers(HttpMethod.OPTIONS, "/fhir/**").permitAll()
                .anyRequest().authenticated());
        if (auth.type() == AuthType.BASIC) {
            OperationOutcomeEntryPoint entryPoint = OperationOutcomeEntryPoint.basic(fhirContext);
            http.userDetailsService(basicUser(auth.basic()))
                    .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                    .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint));
        } else {
            OperationOutcomeEntryPoint entryPoint = OperationOutcomeEntryPoint.bearer(fhirContext);
            http.oauth2ResourceServer(resourceServer -> resourceServer
                            .jwt(jwt -> jwt.decoder(jwtDecoder(auth.jwt())))
                            .authenticationEntryPoint(entryPoint))
                    .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint));
        }
        return http.build();
    }

    private static void requireLoopback(InetAddress address) {
        if (address == null || !address.isLoopbackAddress()) {
            throw new IllegalStateException("fhir-server.auth.type=none lets anyone who reaches the server read and"
                    + " change every resource, so it listens on a loopback address only, but server.address is "
                    + (address == null ? "every interface" : address.getHostAddress())
                    + ": set server.address=127.0.0.1, or fhir-server.auth.type=basic or jwt");
        }
    }

    private static UserDetailsService basicUser(FhirServerProperties.Basic basic) {
        if (basic.username() == null || basic.username().isBlank() || basic.password() == null
                || basic.password().isEmpty()) {
            throw new IllegalStateException("fhir-server.auth.type=basic needs fhir-server.auth.basic.username and a"
                    + " password in the environment variable FHIR_SERVER_AUTH_BASIC_PASSWORD");
        }
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        return new InMemoryUserDetailsManager(User.withUsername(basic.username())
                .password("{bcrypt}" + bcrypt.encode(basic.password()))
                .authorities(ScopeAuthorization.FULL_ACCESS).build());
    }

    /**
     * Checks signature, lifetime, issuer and (when set) audience. The authorization server's keys are fetched when the
     * first token comes, so the FHIR server can start before it.
     */
    private static JwtDecoder jwtDecoder(FhirServerProperties.Jwt settings) {
        if (settings.issuerUri() == null && settings.jwkSetUri() == null) {
            throw new IllegalStateException("fhir-server.auth.type=jwt needs fhir-server.auth.jwt.issuer-uri (or"
                    + " fhir-server.auth.jwt.jwk-set-uri)");
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(settings.issuerUri() == null ? JwtValidators.createDefault()
                : JwtValidators.createDefaultWithIssuer(settings.issuerUri().toString()));
        if (settings.audience() != null && !settings.audience().isBlank()) {
            validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                    audience -> audience != null && audience.contains(settings.audience())));
        }
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = settings.jwkSetUri() != null
                    ? NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri().toString()).build()
                    : (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(settings.issuerUri().toString());
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }
}
