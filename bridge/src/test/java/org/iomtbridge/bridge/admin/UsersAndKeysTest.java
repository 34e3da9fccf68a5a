package org.iomtbridge.bridge.admin;

import org.iomtbridge.bridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Administrators manage users and API keys through the admin API and the Users page: a change holds at once, even
 * for someone signed in; the last administrator stays; every change is in the audit trail.
 */
class UsersAndKeysTest extends BridgeTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern NEW_KEY = Pattern.compile("\"key\":\"(iomt_[0-9a-f]+)\"");

    @LocalServerPort
    int port;
    @Autowired
    ApiKeys keys;
    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        useH2(registry);
        registry.add("iomt.dashboard.admin-password", () -> PASSWORD);
    }

    @Test
    void anAdministratorAddsChangesAndRemovesUsersAndTheChangeHoldsForASignedInUserAtOnce() throws Exception {
        String admin = keys.create("admin tool", EnumSet.of(Role.ADMINISTRATOR)).key();
        HttpResponse<String> created = call(admin, "POST", "/api/v1/users",
                "{\"name\":\"nurse\",\"password\":\"a password long enough\",\"roles\":[\"CARE_TEAM\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"roles\":[\"CARE_TEAM\"]").doesNotContain("password");
        assertThat(call(admin, "POST", "/api/v1/users",
                "{\"name\":\"nurse\",\"password\":\"a password long enough\",\"roles\":[\"CARE_TEAM\"]}").statusCode())
                .as("taken").isEqualTo(409);
        assertThat(call(admin, "POST", "/api/v1/users",
                "{\"name\":\"x\",\"password\":\"a password long enough\",\"roles\":[\"NURSE\"]}").body())
                .contains("no role NURSE");

        DashboardSession nurse = new DashboardSession(port);
        nurse.signIn("nurse", "a password long enough");
        assertThat(nurse.get("/dashboard").statusCode()).isEqualTo(200);
        assertThat(nurse.get("/dashboard/pipeline").statusCode()).isEqualTo(403);

        assertThat(call(admin, "PUT", "/api/v1/users/nurse", "{\"roles\":[\"OPERATOR\"]}").statusCode()).isEqualTo(200);
        assertThat(nurse.get("/dashboard").statusCode()).as("roles taken away hold at once").isEqualTo(403);
        assertThat(nurse.get("/dashboard/pipeline").statusCode()).isEqualTo(200);

        assertThat(call(admin, "PUT", "/api/v1/users/nurse", "{\"enabled\":false}").statusCode()).isEqualTo(200);
        assertThat(nurse.get("/dashboard/pipeline").statusCode()).as("disabled: signed out").isEqualTo(302);
        assertThat(new DashboardSession(port).signIn("nurse", "a password long enough").headers()
                .firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login?error"));

        assertThat(call(admin, "DELETE", "/api/v1/users/nurse", null).statusCode()).isEqualTo(204);
        assertThat(call(admin, "GET", "/api/v1/users", null).body()).contains("\"admin\"").doesNotContain("nurse");
        assertThat(actions()).contains("user.created", "user.roles.changed", "user.disabled", "user.removed");
    }

    @Test
    void theLastAdministratorCanBeNeitherRemovedNorDemotedNorDisabled() throws Exception {
        String admin = keys.create("admin tool", EnumSet.of(Role.ADMINISTRATOR)).key();
        HttpResponse<String> demoted = call(admin, "PUT", "/api/v1/users/admin", "{\"roles\":[\"CARE_TEAM\"]}");
        assertThat(demoted.statusCode()).isEqualTo(409);
        assertThat(demoted.body()).contains("the last administrator");
        assertThat(call(admin, "PUT", "/api/v1/users/admin", "{\"enabled\":false}").statusCode()).isEqualTo(409);
        assertThat(call(admin, "DELETE", "/api/v1/users/admin", null).statusCode()).isEqualTo(409);

        DashboardSession browser = new DashboardSession(port);
        browser.signIn("admin", PASSWORD);
        browser.postForm("/dashboard/users/admin/remove", "", "/dashboard/users");
        assertThat(browser.get("/dashboard/users").body()).contains("the last administrator");

        assertThat(call(admin, "POST", "/api/v1/users",
                "{\"name\":\"second\",\"password\":\"a password long enough\",\"roles\":[\"ADMINISTRATOR\"]}")
                .statusCode()).isEqualTo(201);
        assertThat(call(admin, "PUT", "/api/v1/users/admin", "{\"roles\":[\"CARE_TEAM\",\"OPERATOR\"]}").statusCode())
                .as("another administrator exists now").isEqualTo(200);
        call(admin, "PUT", "/api/v1/users/admin", "{\"roles\":[\"CARE_TEAM\",\"OPERATOR\",\"ADMINISTRATOR\"]}");
        call(admin, "DELETE", "/api/v1/users/second", null);
    }

    @Test
    void theUsersPageAddsAUserWithRolesAndResetsAPassword() throws Exception {
        DashboardSession admin = new DashboardSession(port);
        admin.signIn("admin", PASSWORD);
        admin.postForm("/dashboard/users", "name=operator1&password=" + DashboardSession.encode("first password 123")
                + "&roles=OPERATOR", "/dashboard/users");
        assertThat(admin.get("/dashboard/users").body()).contains("Added operator1.", "operator1");
        admin.postForm("/dashboard/users/operator1/password", "password="
                + DashboardSession.encode("second password 456"), "/dashboard/users");

        DashboardSession operator = new DashboardSession(port);
        assertThat(operator.signIn("operator1", "second password 456").headers().firstValue("Location"))
                .as("an operator lands on the pipeline").hasValue(operator.url("/dashboard/pipeline"));
        String page = operator.get("/dashboard/pipeline").body();
        assertThat(page).contains("Pipeline").doesNotContain(">Patients<", ">Users<");
        assertThat(actions()).contains("user.created", "user.password.reset");
    }

    @Test
    void anApiKeyIsShownOnceWithItsRolesAndStopsWorkingWhenRevoked() throws Exception {
        String admin = keys.create("admin tool", EnumSet.of(Role.ADMINISTRATOR)).key();
        HttpResponse<String> created = call(admin, "POST", "/api/v1/api-keys",
                "{\"label\":\"pipeline monitor\",\"roles\":[\"OPERATOR\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher key = NEW_KEY.matcher(created.body());
        assertThat(key.find()).isTrue();
        String monitor = key.group(1);
        long id = Long.parseLong(created.body().replaceAll(".*\"id\":(\\d+).*", "$1"));

        assertThat(call(monitor, "GET", "/api/v1/dead-letters", null).statusCode()).isEqualTo(200);
        assertThat(call(monitor, "GET", "/api/v1/users", null).statusCode()).isEqualTo(403);
        String listed = call(admin, "GET", "/api/v1/api-keys", null).body();
        assertThat(listed).contains("pipeline monitor").doesNotContain(monitor).doesNotContain("hash");

        assertThat(call(admin, "DELETE", "/api/v1/api-keys/" + id, null).statusCode()).isEqualTo(204);
        assertThat(call(monitor, "GET", "/api/v1/dead-letters", null).statusCode()).isEqualTo(401);
        assertThat(call(admin, "DELETE", "/api/v1/api-keys/" + id, null).statusCode()).isEqualTo(404);
        assertThat(actions()).contains("api-key.created", "api-key.revoked");
        assertThat(jdbc.sql("select concat(actor, ' ', coalesce(detail, '')) from audit_event").query(String.class)
                .list()).noneMatch(text -> text.contains(monitor));
    }

    private HttpResponse<String> call(String key, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private java.util.List<String> actions() {
        return jdbc.sql("select action from audit_event").query(String.class).list();
    }
}
