package org.iomtbridge.bridge.support;

import org.iomtbridge.bridge.admin.DashboardSession;
import org.iomtbridge.bridge.admin.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import static org.assertj.core.api.Assertions.assertThat;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import org.iomtbridge.bridge.BridgeTest;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.admin.ApiKeys;
import org.iomtbridge.bridge.fhirwrite.FhirWriterConfiguration;
import org.iomtbridge.bridge.fhirwrite.FhirWriterProperties;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bridge on an H2 of its own, with the shared emulator as Withings and the shared FHIR server, for tests of
 * patients the test links to emulator users ({@link LinkedPatient}) and syncs through the real tasks.
 */
public abstract class LinkedPatientsTest extends BridgeTest {

    @DynamicPropertySource
    static void linkedPatientsSettings(DynamicPropertyRegistry registry) {
        useH2(registry);
        SharedServers.register(registry);
    }

    @Autowired
    protected WithingsClients withings;
    @Autowired
    protected AccountStore accounts;
    @Autowired
    protected TokenStore tokens;
    @Autowired
    protected SchedulerClient scheduler;
    @Autowired
    protected ApiKeys apiKeys;
    @Autowired
    protected FhirWriterProperties fhirWriterProperties;
    @LocalServerPort
    protected int port;

    /** The password of {@link #careTeamMember}s. */
    protected static final String PASSWORD = "a long enough password";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    protected final EmulatorControl emulator = new EmulatorControl(SharedServers.emulatorBaseUrl());

    /** A client of the FHIR server the bridge writes to. */
    protected IGenericClient fhir() {
        return FhirWriterConfiguration.client(new FhirWriterProperties(fhirWriterProperties.baseUrl(), 0, null, 0, null,
                null, null, null));
    }

    /** A care-team member made through the admin API, signed in to the dashboard with {@link #PASSWORD}. */
    protected DashboardSession careTeamMember(String name) throws Exception {
        String administrator = apiKeys.create("administrator-of-" + name, EnumSet.of(Role.ADMINISTRATOR)).key();
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/v1/users")).header("Authorization", "Bearer " + administrator)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"password\": \"" + PASSWORD
                        + "\", \"roles\": [\"CARE_TEAM\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        DashboardSession browser = new DashboardSession(port);
        browser.signIn(name, PASSWORD);
        return browser;
    }

    /** Links the emulator's user to {@code Patient/<prefix>-<userid>}. */
    protected LinkedPatient link(long userid, String prefix) {
        return LinkedPatient.link(userid, prefix, emulator, withings, accounts, tokens, scheduler, fhir());
    }
}
