package org.iomtbridge.bridge.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.audit.AuditedRequests;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.iomtbridge.bridge.admin.Role.ADMINISTRATOR;
import static org.iomtbridge.bridge.admin.Role.CARE_TEAM;
import static org.iomtbridge.bridge.admin.Role.OPERATOR;

/**
 * Who may do what over HTTP. Three doors:
 * <ul>
 *   <li>the admin API ({@code /api/**}, its OpenAPI description, the metrics): stateless, by admin API key or by
 *       OAuth2 JWT bearer token, as configured;</li>
 *   <li>the dashboard ({@code /dashboard/**}): signed-in users, with a session from sign-in on and CSRF tokens;</li>
 *   <li>everything else — patients' pages, whose single-use links are their own credentials, and health — open,
 *       without sessions; Withings' webhook, with its secret path, bypasses the filters.</li>
 * </ul>
 * Behind the first two doors, {@link #ACCESS} says which role each page and call needs.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AdminSecurity {

    /**
     * Every page and call behind a door, with the roles that may use it, any method. A path that matches no rule here
     * is refused to everyone: 404 to a signed-in user or an authenticated caller, as no such page or call exists for
     * anyone (401 or the sign-in page to the others).
     */
    static final List<Access> ACCESS = List.of(
            // Patients and their data
            Access.to("/dashboard", CARE_TEAM),
            Access.to("/dashboard/patients/**", CARE_TEAM),
            Access.to("/dashboard/alerts/**", CARE_TEAM),
            Access.to("/dashboard/adherence/**", CARE_TEAM),
            Access.to("/dashboard/enroll/**", CARE_TEAM),
            Access.to("/dashboard/devices/**", CARE_TEAM),
            Access.to("/api/v1/enrollments/**", CARE_TEAM),
            Access.to("/api/v1/consents/**", CARE_TEAM),
            Access.to("/api/v1/alerts/**", CARE_TEAM),
            Access.to("/api/v1/adherence/**", CARE_TEAM),
            Access.to("/api/v1/thresholds/**", CARE_TEAM),
            Access.to("/api/v1/erasures/**", CARE_TEAM),
            Access.to("/api/v1/programs/**", CARE_TEAM),
            // The pipeline
            Access.to("/dashboard/pipeline/**", OPERATOR),
            Access.to("/dashboard/dead-letters/**", OPERATOR),
            Access.to("/api/v1/dead-letters/**", OPERATOR),
            Access.to("/api/v1/remap/**", OPERATOR),
            Access.to("/api/v1/backfills/**", CARE_TEAM, OPERATOR),
            Access.to("/actuator/prometheus", OPERATOR),
            // Users, keys and the audit trail
            Access.to("/dashboard/users/**", ADMINISTRATOR),
            Access.to("/api/v1/users/**", ADMINISTRATOR),
            Access.to("/api/v1/api-keys/**", ADMINISTRATOR),
            Access.to("/api/v1/audit-events/**", ADMINISTRATOR),
            // The admin API's description, for any of its callers
            Access.to("/v3/api-docs/**", CARE_TEAM, OPERATOR, ADMINISTRATOR),
            Access.to("/swagger-ui/**", CARE_TEAM, OPERATOR, ADMINISTRATOR),
            Access.to("/swagger-ui.html", CARE_TEAM, OPERATOR, ADMINISTRATOR));

    /**
     * On every page: scripts, styles and everything else only from the bridge itself (no inline script or style),
     * images also as data URLs (Swagger UI's icons), and no page of the bridge inside a frame.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none';"
            + " base-uri 'none'; frame-ancestors 'none'";

    /** One rule of {@link #ACCESS}. */
    record Access(String path, Set<Role> roles) {

        static Access to(String path, Role... roles) {
            return new Access(path, EnumSet.copyOf(Arrays.asList(roles)));
        }

        RequestMatcher matcher() {
            return PathPatternRequestMatcher.withDefaults().matcher(path);
        }

        String[] authorities() {
            return roles.stream().map(Role::authority).toArray(String[]::new);
        }

        String describe() {
            return roles.stream().map(Role::name).collect(Collectors.joining(" or "));
        }

        static Optional<Access> of(HttpServletRequest request) {
            return ACCESS.stream().filter(access -> access.matcher().matches(request)).findFirst();
        }
    }

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
    SecurityFilterChain adminApi(HttpSecurity http, AdminProperties properties, ApiKeys keys,
                                 ObjectProvider<JwtDecoder> jwtDecoder, AuditTrail audit) throws Exception {
        AdminProperties.Admin admin = properties.admin();
        http.securityMatcher("/api/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/actuator/prometheus")
                .addFilterAfter(new AuditedRequests(audit), SecurityContextHolderFilter.class)
                .csrf(AbstractHttpConfigurer::disable)
                .headers(AdminSecurity::safeHeaders)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refused(admin))
                        .accessDeniedHandler(lacksRole(admin)))
                .authorizeHttpRequests(AdminSecurity::byRole);
        switch (admin.apiAuth()) {
            case API_KEY -> http.addFilterBefore(new ApiKeyFilter(keys), AnonymousAuthenticationFilter.class);
            case JWT -> {
                if (jwtDecoder.getIfAvailable() == null) {
                    throw new IllegalStateException("iomt.admin.api-auth is JWT, but no way to check tokens is set:"
                            + " set spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri or"
                            + " public-key-location");
                }
                http.oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesFromScopes(admin.jwtScope())))
                        .authenticationEntryPoint(refused(admin)).accessDeniedHandler(lacksRole(admin)));
            }
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain dashboard(HttpSecurity http, DashboardUsers users, AuditTrail audit, ITemplateEngine pages)
            throws Exception {
        CookieRequestCache requestCache = new CookieRequestCache();
        // No session before sign-in: the login form's CSRF token lives in a cookie only the bridge reads.
        CookieCsrfTokenRepository csrfTokens = new CookieCsrfTokenRepository();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        csrfTokens.setHeaderName("X-CSRF-TOKEN");
        http.securityMatcher("/dashboard/**", "/login", "/logout")
                .headers(AdminSecurity::safeHeaders)
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens))
                .requestCache(cache -> cache.requestCache(requestCache))
                .addFilterAfter(new AuditedRequests(audit), SecurityContextHolderFilter.class)
                .addFilterAfter(new CurrentRoles(users), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(requests -> byRole(requests.requestMatchers("/login").permitAll()))
                .exceptionHandling(errors -> errors.accessDeniedHandler(forbiddenPage(pages)))
                .formLogin(login -> login.loginPage("/login").successHandler(landingPage(requestCache))
                        .failureHandler(signInRefused()))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .headers(AdminSecurity::safeHeaders)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        return http.build();
    }

    private static void byRole(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
                                       requests) {
        ACCESS.forEach(access -> requests.requestMatchers(access.matcher()).hasAnyAuthority(access.authorities()));
        requests.anyRequest().denyAll();
    }

    /** HSTS and nosniff come with Spring Security; HSTS only on HTTPS, as the proxy forwarded it. */
    private static void safeHeaders(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny);
    }

    /**
     * A JWT's scopes as roles: the admin scope ({@code iomt.admin.jwt-scope}) grants all of them, as before there
     * were roles; {@code iomt.care-team}, {@code iomt.operator} and {@code iomt.administrator} one each.
     */
    private static JwtAuthenticationConverter rolesFromScopes(String adminScope) {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            Set<String> granted = scopes.convert(jwt).stream().map(GrantedAuthority::getAuthority)
                    .map(authority -> authority.substring("SCOPE_".length())).collect(Collectors.toSet());
            Collection<GrantedAuthority> roles = new HashSet<>();
            for (Role role : Role.values()) {
                if (granted.contains(adminScope) || granted.contains(role.scope())) {
                    roles.add(new SimpleGrantedAuthority(role.authority()));
                }
            }
            return roles;
        });
        return converter;
    }

    /** After sign-in, the page asked for, or the first page the user's roles open. */
    private static SavedRequestAwareAuthenticationSuccessHandler landingPage(CookieRequestCache requestCache) {
        SavedRequestAwareAuthenticationSuccessHandler handler = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response,
                                                Authentication authentication) {
                Set<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                        .collect(Collectors.toSet());
                return roles.contains(CARE_TEAM.authority()) ? "/dashboard"
                        : roles.contains(OPERATOR.authority()) ? "/dashboard/pipeline" : "/dashboard/users";
            }
        };
        handler.setRequestCache(requestCache);
        return handler;
    }

    /** Back to the sign-in page, saying why; nothing kept in a session. */
    private static AuthenticationFailureHandler signInRefused() {
        DefaultRedirectStrategy redirect = new DefaultRedirectStrategy();
        return (request, response, failure) -> redirect.sendRedirect(request, response,
                failure instanceof ThrottledSignIn.SignInLocked locked ? "/login?locked=" + locked.minutes()
                        : "/login?error");
    }

    /** The dashboard's 403 page (templates/dashboard/forbidden.html), with the reason. */
    private static AccessDeniedHandler forbiddenPage(ITemplateEngine pages) {
        return (request, response, denied) -> {
            Context page = new Context(Locale.ENGLISH, Map.of("forbiddenReason", denied instanceof CsrfException
                    ? "The form had expired or did not come from this dashboard: reload the page and try again."
                    : Access.of(request).map(access -> "This page needs the role " + access.describe()
                    + ", which your account does not have. An administrator can give it to you.")
                    .orElse("There is no dashboard page at this address.")));
            response.setStatus(Access.of(request).isPresent() || denied instanceof CsrfException
                    ? HttpServletResponse.SC_FORBIDDEN : HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/html;charset=UTF-8");
            pages.process("dashboard/forbidden", page, response.getWriter());
        };
    }

    private static AuthenticationEntryPoint refused(AdminProperties.Admin admin) {
        String wanted = admin.apiAuth() == AdminProperties.Admin.ApiAuth.JWT
                ? "a valid OAuth2 access token (JWT) is required: Authorization: Bearer <token>"
                : "an admin API key is required: Authorization: Bearer <key>";
        return (request, response, failure) -> {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"iomt-bridge admin API\"");
            writeError(response, HttpServletResponse.SC_UNAUTHORIZED, wanted);
        };
    }

    private static AccessDeniedHandler lacksRole(AdminProperties.Admin admin) {
        boolean jwt = admin.apiAuth() == AdminProperties.Admin.ApiAuth.JWT;
        return (request, response, denied) -> {
            Optional<Access> access = Access.of(request);
            writeError(response, access.isPresent() ? HttpServletResponse.SC_FORBIDDEN
                    : HttpServletResponse.SC_NOT_FOUND, access.map(needed -> "this call needs the role "
                    + needed.describe() + (jwt ? ": a token with the scope " + needed.roles().stream()
                    .map(Role::scope).collect(Collectors.joining(" or ")) + " or " + admin.jwtScope()
                    : ", which this API key does not have")).orElse("there is nothing at this address (no admin API call)"));
        };
    }

    private static void writeError(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"" + message + "\"}");
    }
}
