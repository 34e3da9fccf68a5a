package org.iomtbridge.bridge.admin;

import org.iomtbridge.bridge.BridgeTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing dashboard passwords: the answers slow down after a few failures, then the user name is locked — even the
 * right password is refused, with a message saying for how long — while other people sign in as usual. Every attempt
 * is in the audit trail, never with the password. The client address is the one the trusted proxy (this host)
 * forwards. The counts live in the database, shared by every instance: the same tests run on H2 and PostgreSQL.
 */
abstract class LoginThrottleBehaviour extends BridgeTest {

    private static final String PASSWORD = "the right password, long";
    private static final Duration MAX_DELAY = Duration.ofMillis(1200);

    @LocalServerPort
    int port;
    @Autowired
    DashboardUsers users;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void throttle(DynamicPropertyRegistry registry) {
        registry.add("iomt.dashboard.login.max-failures", () -> "10");
        registry.add("iomt.dashboard.login.max-failures-per-address", () -> "15");
        registry.add("iomt.dashboard.login.lock-duration", () -> "15m");
        registry.add("iomt.dashboard.login.free-failures", () -> "3");
        registry.add("iomt.dashboard.login.first-delay", () -> "300ms");
        registry.add("iomt.dashboard.login.max-delay", () -> MAX_DELAY.toMillis() + "ms");
    }

    @Test
    void thirtyWrongPasswordsSlowDownThenLockTheUserNameEvenForTheRightOne() throws Exception {
        users.create("nurse", PASSWORD, EnumSet.of(Role.CARE_TEAM));
        users.create("doctor", PASSWORD, EnumSet.of(Role.CARE_TEAM));
        DashboardSession attacker = new DashboardSession(port, "192.0.2.10");
        List<Duration> answers = new ArrayList<>();
        List<String> locations = new ArrayList<>();
        for (int attempt = 1; attempt <= 30; attempt++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = attacker.signIn("nurse", "wrong password number " + attempt);
            answers.add(Duration.ofNanos(System.nanoTime() - start));
            locations.add(answer.headers().firstValue("Location").orElse(""));
        }
        assertThat(locations.subList(0, 9)).allSatisfy(location -> assertThat(location).endsWith("/login?error"));
        assertThat(locations.subList(9, 30)).allSatisfy(location -> assertThat(location).endsWith("/login?locked=15"));
        // Failures 6 to 9 wait the longest delay; the first three are answered at once (the very first one also
        // warms up the server, so it is left out).
        assertThat(answers.subList(5, 9)).allSatisfy(took -> assertThat(took).isGreaterThanOrEqualTo(MAX_DELAY));
        assertThat(answers.subList(1, 3)).allSatisfy(took -> assertThat(took).isLessThan(MAX_DELAY));

        HttpResponse<String> right = attacker.signIn("nurse", PASSWORD);
        assertThat(right.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/login?locked=15"));
        assertThat(attacker.get("/login?locked=15").body()).contains(
                "Too many failed sign-ins for this user name or from this address: try again in 15 minutes.");
        assertThat(attacker.get("/dashboard").statusCode()).as("not signed in").isEqualTo(302);

        DashboardSession colleague = new DashboardSession(port, "198.51.100.7");
        assertThat(colleague.signIn("doctor", PASSWORD).headers().firstValue("Location"))
                .hasValue(colleague.url("/dashboard"));

        assertThat(count("login.failed", "nurse")).isEqualTo(31);
        assertThat(count("login.locked", "login-throttle")).isEqualTo(1);
        assertThat(count("login.succeeded", "doctor")).isEqualTo(1);
        assertThat(jdbc.sql("select client_address from audit_event where action = 'login.succeeded'")
                .query(String.class).single()).isEqualTo("198.51.100.7");
        assertThat(jdbc.sql("select concat(actor, ' ', coalesce(detail, '')) from audit_event").query(String.class)
                .list()).noneMatch(text -> text.contains("password number") || text.contains(PASSWORD));
    }

    @Test
    void manyUserNamesTriedFromOneAddressLockThatAddressOnly() throws Exception {
        users.create("pharmacist", PASSWORD, EnumSet.of(Role.CARE_TEAM));
        DashboardSession sprayer = new DashboardSession(port, "203.0.113.50");
        for (int name = 1; name <= 15; name++) {
            sprayer.signIn("someone" + name, "a guessed password");
        }
        assertThat(sprayer.signIn("pharmacist", PASSWORD).headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login?locked=15"));
        DashboardSession elsewhere = new DashboardSession(port, "203.0.113.51");
        assertThat(elsewhere.signIn("pharmacist", PASSWORD).headers().firstValue("Location"))
                .hasValue(elsewhere.url("/dashboard"));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'login.failed' and actor = '-'")
                .query(Long.class).single()).as("unknown names are not recorded as typed").isEqualTo(15);
    }

    private long count(String action, String actor) {
        return jdbc.sql("select count(*) from audit_event where action = :action and actor = :actor")
                .param("action", action).param("actor", actor).query(Long.class).single();
    }
}
