package org.iomtbridge.bridge.support;

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

    protected final EmulatorControl emulator = new EmulatorControl(SharedServers.emulatorBaseUrl());

    /** A client of the FHIR server the bridge writes to. */
    protected IGenericClient fhir() {
        return FhirWriterConfiguration.client(new FhirWriterProperties(fhirWriterProperties.baseUrl(), 0, null, 0, null,
                null, null, null));
    }

    /** Links the emulator's user to {@code Patient/<prefix>-<userid>}. */
    protected LinkedPatient link(long userid, String prefix) {
        return LinkedPatient.link(userid, prefix, emulator, withings, accounts, tokens, scheduler, fhir());
    }
}
