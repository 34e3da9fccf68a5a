package org.iomtbridge.bridge.consent;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStatus;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.admin.ApiKeys;
import org.iomtbridge.bridge.admin.DashboardSession;
import org.iomtbridge.bridge.admin.Role;
import org.iomtbridge.bridge.audit.AuditQuery;
import org.iomtbridge.bridge.audit.AuditRecord;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.iomtbridge.bridge.fhirwrite.FhirWriterConfiguration;
import org.iomtbridge.bridge.fhirwrite.FhirWriterProperties;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.SharedServers;
import org.iomtbridge.withings.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Withings plan's active-user cap, here 10: the care team is warned from 9, and at 10 neither a new enrollment
 * link nor a patient's consent adds anyone, each refused with the reason and audited; a place freed lets the same
 * link through. On PostgreSQL, where several instances share the count.
 */
class ActiveUserCapOnPostgresTest extends BridgeTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Scope[] GRANTED = {Scope.USER_INFO, Scope.USER_METRICS};
    private static int bridgePort;

    @Autowired
    AccountStore accounts;
    @Autowired
    ApiKeys apiKeys;
    @Autowired
    AuditTrail audit;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        usePostgres(registry);
        bridgePort = EnrollmentSteps.bridgeAndServers(registry);
        registry.add("iomt.withings.active-user-cap", () -> 10);
        registry.add("iomt.dashboard.admin-password", () -> PASSWORD);
    }

    @Test
    void theCareTeamIsWarnedNearTheCapAndNoOneIsEnrolledPastIt() throws Exception {
        for (int user = 1; user <= 8; user++) {
            activeElsewhere(user);
        }
        IGenericClient fhir = FhirWriterConfiguration.client(new FhirWriterProperties(SharedServers.fhirBaseUrl(), 0,
                null, 0, null, null, null, null));
        String bridge = "http://127.0.0.1:" + bridgePort;
        EnrollmentSteps steps = new EnrollmentSteps(bridge, apiKeys.create("cap", EnumSet.allOf(Role.class)).key(),
                fhir);
        DashboardSession dashboard = new DashboardSession(bridgePort);
        dashboard.signIn("admin", PASSWORD);
        assertThat(dashboard.get("/dashboard").body()).as("8 of 10: no warning yet").doesNotContain("plan-usage");

        Browser waiting = new Browser("Waiting/1.0");
        String waitingLink = steps.enroll("Patient/cap-waiting-" + System.nanoTime());
        long waitingUser = EnrollmentSteps.emulator().newUser(0);
        steps.connect(new Browser("Ninth/1.0"), "Patient/cap-ninth-" + System.nanoTime(),
                EnrollmentSteps.emulator().newUser(0));
        assertThat(dashboard.get("/dashboard").body()).contains("id=\"plan-usage\"")
                .contains("9 of the 10 active users the Withings plan allows are connected (90 %)");
        assertThat(dashboard.get("/dashboard/enroll").body()).contains("9 of the 10 active users");

        activeElsewhere(10);
        HttpResponse<String> refusedLink = new Browser("CareTeam/1.0").json("POST", bridge + "/api/v1/enrollments",
                apiKeys.create("cap-2", EnumSet.allOf(Role.class)).key(), "{\"patient\": \"Patient/cap-none\"}");
        assertThat(refusedLink.statusCode()).isEqualTo(409);
        assertThat(refusedLink.body()).contains("the Withings plan allows 10 active users and 10 are connected");
        assertThat(dashboard.get("/dashboard").body()).contains("The Withings plan is full");

        URI callback = EnrollmentSteps.authorize(EnrollmentSteps.accept(waiting, waitingLink), waitingUser);
        HttpResponse<String> refusedConsent = waiting.get(callback.toString());
        assertThat(refusedConsent.statusCode()).isEqualTo(409);
        assertThat(refusedConsent.body()).contains("Nothing was shared")
                .contains("has no place for another connected patient");
        assertThat(accounts.find(String.valueOf(waitingUser))).as("nothing linked").isEmpty();
        assertThat(accounts.activeCount()).isEqualTo(10);
        assertThat(refusals("enrollment.refused")).singleElement()
                .satisfies(entry -> assertThat(entry.patient()).isEqualTo("Patient/cap-none"));
        assertThat(refusals("consent.refused")).singleElement()
                .satisfies(entry -> assertThat(entry.withingsUserId()).isEqualTo(String.valueOf(waitingUser)));

        accounts.setStatus("cap-elsewhere-1", AccountStatus.REVOKED, Instant.now());
        URI again = EnrollmentSteps.authorize(EnrollmentSteps.accept(waiting, waitingLink), waitingUser);
        assertThat(waiting.get(again.toString()).body()).as("a freed place takes the same link")
                .contains("You are connected");
        assertThat(accounts.activeCount()).isEqualTo(10);
    }

    /** A user connected long ago, counted by Withings like any other. */
    private void activeElsewhere(int number) {
        accounts.link("cap-elsewhere-" + number, "Patient/elsewhere-" + number, java.util.Set.of(GRANTED),
                Instant.now());
    }

    private List<AuditRecord> refusals(String action) {
        return audit.search(new AuditQuery(Optional.empty(), Optional.of(action), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 0, 10));
    }
}
