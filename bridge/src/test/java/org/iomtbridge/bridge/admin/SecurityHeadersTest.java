package org.iomtbridge.bridge.admin;

import org.iomtbridge.bridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser is told to protect, behind a TLS proxy on this host (a trusted proxy) that says
 * {@code X-Forwarded-Proto: https}: the headers of every page, the cookies, no session before sign-in, and what is
 * no longer open to anyone (metrics, the API description, health details).
 */
class SecurityHeadersTest extends BridgeTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    /** An inline script or style, or an event handler attribute: what the Content-Security-Policy would block. */
    private static final Pattern INLINE = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>|<style|\\sstyle=|\\son[a-z]+=",
            Pattern.CASE_INSENSITIVE);

    @LocalServerPort
    int port;
    @Autowired
    ApiKeys keys;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        useH2(registry);
        registry.add("iomt.dashboard.admin-password", () -> PASSWORD);
        registry.add("iomt.fhir.base-url", () -> "http://127.0.0.1:9/fhir");
        registry.add("iomt.fhir.max-attempts", () -> "1");
    }

    @Test
    void everyPageCarriesThePoliciesAndHttpsThroughTheProxyAddsHsts() throws Exception {
        for (String path : List.of("/login", "/dashboard", "/enroll/not-a-real-token", "/consent/not-a-real-token",
                "/join", "/actuator/health", "/api/v1/dead-letters")) {
            HttpResponse<String> answer = send(https(path));
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValue(AdminSecurity.CONTENT_SECURITY_POLICY);
            assertThat(AdminSecurity.CONTENT_SECURITY_POLICY).contains("default-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(answer.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).as(path)
                    .hasValueSatisfying(hsts -> assertThat(hsts).contains("max-age="));
        }
        assertThat(send(plain("/login")).headers().firstValue("Strict-Transport-Security"))
                .as("no HSTS over plain HTTP").isEmpty();
    }

    @Test
    void theSignInPageMakesNoSessionAndSigningInMakesASecureLaxOneWithANewId() throws Exception {
        HttpResponse<String> login = send(https("/login"));
        assertThat(cookie(login, "JSESSIONID")).as("no session before sign-in").isEmpty();
        String csrfCookie = cookie(login, "XSRF-TOKEN").orElseThrow();
        assertThat(csrfCookie).contains("HttpOnly", "Secure", "SameSite=Strict");

        String token = csrf(login.body());
        String xsrf = csrfCookie.substring(0, csrfCookie.indexOf(';'));
        HttpResponse<String> withoutToken = send(https("/login").header("Cookie", xsrf)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + PASSWORD.replace(' ', '+'))));
        assertThat(withoutToken.statusCode()).as("CSRF is enforced on sign-in").isEqualTo(403);
        assertThat(cookie(withoutToken, "JSESSIONID")).isEmpty();

        HttpResponse<String> signedIn = send(https("/login").header("Cookie", xsrf + "; JSESSIONID=FIXEDBYANATTACKER")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=" + PASSWORD.replace(' ', '+')
                        + "&_csrf=" + DashboardSession.encode(token))));
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/dashboard"));
        String session = cookie(signedIn, "JSESSIONID").orElseThrow();
        assertThat(session).doesNotContain("FIXEDBYANATTACKER").contains("HttpOnly", "Secure", "SameSite=Lax");

        HttpResponse<String> patients = send(https("/dashboard").header("Cookie",
                session.substring(0, session.indexOf(';'))));
        assertThat(patients.statusCode()).isEqualTo(200);
    }

    @Test
    void theDashboardsPagesHaveNoInlineScriptOrStyle() throws Exception {
        DashboardSession browser = new DashboardSession(port);
        assertThat(INLINE.matcher(browser.get("/login").body()).find()).as("/login").isFalse();
        browser.signIn("admin", PASSWORD);
        for (String path : List.of("/dashboard", "/dashboard/patients/p1", "/dashboard/enroll", "/dashboard/pipeline",
                "/dashboard/users", "/join")) {
            String page = browser.get(path).body();
            assertThat(INLINE.matcher(page).find()).as(path + ": " + page).isFalse();
        }
    }

    @Test
    void metricsAndTheApiDescriptionNeedAnAdminCallerAndHealthShowsNoDetails() throws Exception {
        String careTeam = keys.create("care team", EnumSet.of(Role.CARE_TEAM)).key();
        String operator = keys.create("operator", EnumSet.of(Role.OPERATOR)).key();
        assertThat(send(plain("/actuator/prometheus")).statusCode()).isEqualTo(401);
        assertThat(send(plain("/actuator/prometheus").header("Authorization", "Bearer " + careTeam)).statusCode())
                .isEqualTo(403);
        HttpResponse<String> metrics = send(plain("/actuator/prometheus").header("Authorization", "Bearer " + operator));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_");

        for (String path : List.of("/v3/api-docs", "/swagger-ui/index.html", "/swagger-ui.html")) {
            assertThat(send(plain(path)).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> description = send(plain("/v3/api-docs").header("Authorization", "Bearer " + careTeam));
        assertThat(description.statusCode()).isEqualTo(200);
        assertThat(description.body()).contains("\"openapi\"");

        HttpResponse<String> health = send(plain("/actuator/health"));
        assertThat(health.body()).doesNotContain("components", "details", "diskSpace");
        assertThat(send(plain("/actuator/health/liveness")).body()).isEqualTo("{\"status\":\"UP\"}");
    }

    private HttpRequest.Builder https(String path) {
        return plain(path).header("X-Forwarded-Proto", "https").header("Accept", "text/html");
    }

    private HttpRequest.Builder plain(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> cookie(HttpResponse<?> answer, String name) {
        return answer.headers().allValues("Set-Cookie").stream().filter(value -> value.startsWith(name + "="))
                .findFirst();
    }

    private static String csrf(String page) {
        var matcher = CSRF.matcher(page);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
