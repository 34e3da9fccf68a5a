package org.iomtbridge.bridge.admin;

import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.withings.DataKind;
import org.iomtbridge.bridge.archive.DeadLetters;
import org.iomtbridge.withings.Scope;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For each role, a dashboard user and an admin API key with only that role: every page and every call of the table
 * below answers as usual to the roles it names, and 403 with a reason to the others. The FHIR server is unreachable
 * here; pages say so rather than fail.
 */
class RoleMatrixTest extends BridgeTest {

    private static final String PASSWORD = "a password long enough";
    /**
     * Any answer but 401 and 403: the call got past the door; the endpoint may still refuse what it was sent, or fail
     * to reach the FHIR server.
     */
    private static final int PAST_THE_DOOR = 0;
    private static final Set<Role> ANY = EnumSet.allOf(Role.class);
    private static final Set<Role> NONE = EnumSet.noneOf(Role.class);

    /** One page or call, who may use it, and what it answers them. */
    record Call(boolean dashboard, String method, String path, Set<Role> allowed, int status) {
        static Call page(String path, Role role, int status) {
            return new Call(true, "GET", path, EnumSet.of(role), status);
        }

        static Call api(String method, String path, Set<Role> allowed, int status) {
            return new Call(false, method, path, allowed, status);
        }
    }

    private static final List<Call> CALLS = List.of(
            Call.page("/dashboard", Role.CARE_TEAM, 200),
            Call.page("/dashboard/patients/p7101", Role.CARE_TEAM, 200),
            Call.page("/dashboard/patients/p7101/ecgs/e1", Role.CARE_TEAM, PAST_THE_DOOR),
            Call.page("/dashboard/enroll", Role.CARE_TEAM, 200),
            new Call(true, "POST", "/dashboard/enroll", EnumSet.of(Role.CARE_TEAM), 200),
            Call.page("/dashboard/pipeline", Role.OPERATOR, 200),
            Call.page("/dashboard/pipeline/live", Role.OPERATOR, 200),
            new Call(true, "POST", "/dashboard/dead-letters/{letter}/replay", EnumSet.of(Role.OPERATOR), 200),
            Call.page("/dashboard/users", Role.ADMINISTRATOR, 200),
            new Call(true, "GET", "/dashboard/no-such-page", NONE, 404),
            Call.api("GET", "/api/v1/consents/7101", EnumSet.of(Role.CARE_TEAM), 200),
            Call.api("DELETE", "/api/v1/consents/7999", EnumSet.of(Role.CARE_TEAM), PAST_THE_DOOR),
            Call.api("POST", "/api/v1/consents/7101/link", EnumSet.of(Role.CARE_TEAM), PAST_THE_DOOR),
            Call.api("POST", "/api/v1/enrollments", EnumSet.of(Role.CARE_TEAM), PAST_THE_DOOR),
            Call.api("GET", "/api/v1/erasures", EnumSet.of(Role.CARE_TEAM), PAST_THE_DOOR),
            Call.api("GET", "/api/v1/dead-letters", EnumSet.of(Role.OPERATOR), 200),
            Call.api("GET", "/api/v1/dead-letters/{letter}", EnumSet.of(Role.OPERATOR), 200),
            Call.api("POST", "/api/v1/remap", EnumSet.of(Role.OPERATOR), PAST_THE_DOOR),
            Call.api("GET", "/actuator/prometheus", EnumSet.of(Role.OPERATOR), 200),
            Call.api("GET", "/api/v1/users", EnumSet.of(Role.ADMINISTRATOR), 200),
            Call.api("GET", "/api/v1/api-keys", EnumSet.of(Role.ADMINISTRATOR), 200),
            Call.api("GET", "/api/v1/audit-events", EnumSet.of(Role.ADMINISTRATOR), PAST_THE_DOOR),
            Call.api("GET", "/v3/api-docs", ANY, 200),
            Call.api("GET", "/api/v1/no-such-call", NONE, 404));

    @LocalServerPort
    int port;
    @Autowired
    DashboardUsers users;
    @Autowired
    ApiKeys keys;
    @Autowired
    AccountStore accounts;
    @Autowired
    DeadLetters deadLetters;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        useH2(registry);
        registry.add("iomt.fhir.base-url", () -> "http://127.0.0.1:9/fhir");
        registry.add("iomt.fhir.max-attempts", () -> "1");
    }

    @TestFactory
    Stream<DynamicTest> eachRoleOpensWhatTheTableGivesItAndIsRefusedTheRest() throws Exception {
        accounts.link("7101", "Patient/p7101", Scope.parse("user.info,user.metrics"), Instant.now());
        long letter = deadLetters.record("7101", DataKind.MEASURES, List.of(), "refused by FHIR", Instant.now());
        List<DynamicTest> checks = new ArrayList<>();
        for (Role role : Role.values()) {
            String name = "only-" + role.name().toLowerCase().replace('_', '-');
            users.create(name, PASSWORD, EnumSet.of(role));
            DashboardSession browser = new DashboardSession(port);
            assertThat(browser.signIn(name, PASSWORD).headers().firstValue("Location")).as(name)
                    .hasValueSatisfying(location -> assertThat(location).doesNotContain("/login"));
            String key = keys.create(name, EnumSet.of(role)).key();
            for (Call call : CALLS) {
                String path = call.path().replace("{letter}", Long.toString(letter));
                checks.add(DynamicTest.dynamicTest(role + " " + call.method() + " " + path, () -> {
                    HttpResponse<String> answer = call.dashboard() ? page(browser, call.method(), path)
                            : api(key, call.method(), path);
                    if (call.allowed().isEmpty()) {
                        assertThat(answer.statusCode()).as("in no rule: refused to everyone").isEqualTo(call.status());
                    } else if (!call.allowed().contains(role)) {
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
                        assertThat(answer.body()).contains(call.dashboard() ? "Not allowed" : "\"error\"");
                    } else if (call.status() == PAST_THE_DOOR) {
                        assertThat(answer.statusCode()).as(answer.body()).isNotIn(401, 403);
                    } else {
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(call.status());
                    }
                }));
            }
        }
        return checks.stream();
    }

    private HttpResponse<String> page(DashboardSession browser, String method, String path) throws Exception {
        if (method.equals("GET")) {
            return browser.get(path);
        }
        String form = path.equals("/dashboard/enroll") ? "patient=Patient/p7101" : "";
        return browser.postForm(path, form, "/login");
    }

    private HttpResponse<String> api(String key, String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
        request.method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}"));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
