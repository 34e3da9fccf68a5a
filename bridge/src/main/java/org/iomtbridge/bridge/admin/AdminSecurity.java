package org.iomtbridge.bridge.admin;

import jakarta.servlet.http.HttpServletResponse;
import org.iomtbridge.bridge.BridgeProperties;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.audit.AuditedRequests;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import java.io.IOException;

/**
 * Who may do what over HTTP. Three doors:
 * <ul>
 *   <li>the admin API ({@code /api/**}): stateless, by admin API key or by OAuth2 JWT bearer token, as configured;</li>
 *   <li>the dashboard ({@code /dashboard/**}): signed-in users of the care team, with a session and CSRF tokens;</li>
 *   <li>everything else — patients' pages, whose single-use links are their own credentials, health and metrics —
 *       open, without sessions; Withings' webhook, with its secret path, bypasses the filters.</li>
 * </ul>
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class AdminSecurity {

    static final String ADMIN_API = "ADMIN_API";
    static final String OPERATOR = "OPERATOR";

    /**
     * Withings' webhook passes no filter at all: its secret path is its credential, it answers plain text to a machine,
     * and at thousands of notifications a second the filter chain cost a third of the throughput (BENCHMARKS.md).
     */
    @Bean
    WebSecurityCustomizer webhookWithoutFilters() {
        return web -> web.ignoring().requestMatchers("/webhooks/withings/**");
    }

    @Bean
    @Order(1)
    SecurityFilterChain adminApi(HttpSecurity http, BridgeProperties properties, ApiKeys keys,
                                 ObjectProvider<JwtDecoder> jwtDecoder, AuditTrail audit) throws Exception {
        BridgeProperties.Admin admin = properties.admin();
        String jwtAuthority = "SCOPE_" + admin.jwtScope();
        http.securityMatcher("/api/**")
                .addFilterAfter(new AuditedRequests(audit), SecurityContextHolderFilter.class)
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refused(admin))
                        .accessDeniedHandler(lacksScope(admin)))
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAnyAuthority(ADMIN_API, jwtAuthority));
        switch (admin.apiAuth()) {
            case API_KEY -> http.addFilterBefore(new ApiKeyFilter(keys), AnonymousAuthenticationFilter.class);
            case JWT -> {
                if (jwtDecoder.getIfAvailable() == null) {
                    throw new IllegalStateException("iomt.admin.api-auth is JWT, but no way to check tokens is set:"
                            + " set spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri or"
                            + " public-key-location");
                }
                http.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(refused(admin)).accessDeniedHandler(lacksScope(admin)));
            }
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain dashboard(HttpSecurity http, AuditTrail audit) throws Exception {
        http.securityMatcher("/dashboard/**", "/login", "/logout")
                .addFilterAfter(new AuditedRequests(audit), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers("/login").permitAll()
                        .anyRequest().hasRole(OPERATOR))
                .formLogin(login -> login.loginPage("/login").defaultSuccessUrl("/dashboard"))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }

    private static AuthenticationEntryPoint refused(BridgeProperties.Admin admin) {
        String wanted = admin.apiAuth() == BridgeProperties.Admin.ApiAuth.JWT
                ? "a valid OAuth2 access token (JWT) is required: Authorization: Bearer <token>"
                : "an admin API key is required: Authorization: Bearer <key>";
        return (request, response, failure) -> {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"iomt-bridge admin API\"");
            writeError(response, HttpServletResponse.SC_UNAUTHORIZED, wanted);
        };
    }

    private static AccessDeniedHandler lacksScope(BridgeProperties.Admin admin) {
        return (request, response, denied) -> writeError(response, HttpServletResponse.SC_FORBIDDEN,
                "the token lacks the scope " + admin.jwtScope() + " that the admin API needs");
    }

    private static void writeError(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + message + "\"}");
    }
}
