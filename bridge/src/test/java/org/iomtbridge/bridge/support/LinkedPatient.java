package org.iomtbridge.bridge.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.accounts.AccountStore;
import org.iomtbridge.bridge.tokens.TokenStore;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.withings.AuthorizationRequest;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.WithingsTokens;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;

import static org.awaitility.Awaitility.await;

/**
 * A simulated Withings user who consented at the emulator and whom the bridge links to a FHIR Patient of their own,
 * as the OAuth callback leaves them (without its pages); synced as a notification would have it, through the durable
 * sync task.
 */
public final class LinkedPatient {

    private static final URI REDIRECT = URI.create("http://localhost/oauth/callback");

    private final long userid;
    private final String patient;
    private final SchedulerClient scheduler;
    private final IGenericClient fhir;

    private LinkedPatient(long userid, String patient, SchedulerClient scheduler, IGenericClient fhir) {
        this.userid = userid;
        this.patient = patient;
        this.scheduler = scheduler;
        this.fhir = fhir;
    }

    /** Links the emulator's user to {@code Patient/<prefix>-<userid>}, made in FHIR. */
    public static LinkedPatient link(long userid, String prefix, EmulatorControl emulator, WithingsClients withings,
                                     AccountStore accounts, TokenStore tokens, SchedulerClient scheduler,
                                     IGenericClient fhir) {
        URI authorize = withings.client().oauth().authorizeUrl(new AuthorizationRequest(REDIRECT, "state",
                EnumSet.of(Scope.USER_INFO, Scope.USER_METRICS, Scope.USER_ACTIVITY), false));
        String location = emulator.answerAuthorization(authorize, userid, "accept").headers().firstValue("Location")
                .orElseThrow();
        WithingsTokens granted = withings.client().oauth().exchangeCode(location.replaceAll(".*code=([^&]+).*", "$1"),
                REDIRECT);
        String patient = "Patient/" + prefix + "-" + userid;
        fhir.update().resource(new Patient().setId(patient)).execute();
        Instant now = Instant.now();
        accounts.link(granted.userId(), patient, granted.scopes(), now);
        tokens.save(granted.userId(), new TokenStore.Tokens(granted.accessToken(), granted.refreshToken(),
                granted.expiresAt()), now);
        return new LinkedPatient(userid, patient, scheduler, fhir);
    }

    public long userid() {
        return userid;
    }

    /** {@code Patient/…} */
    public String patient() {
        return patient;
    }

    /** Runs the user's sync and waits until it is done. */
    public void sync() {
        syncUntilWritten(null);
    }

    /** Runs the user's sync and waits until it is done and the Observation with this id is in FHIR. */
    public void syncUntilWritten(String observationId) {
        scheduler.scheduleIfNotExists(new TaskInstance<>("sync-user", String.valueOf(userid)), Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(() ->
                scheduler.getScheduledExecution(TaskInstanceId.of("sync-user", String.valueOf(userid))).isEmpty()
                        && (observationId == null || inFhir(observationId)));
    }

    /** Runs the reconciliation of every user now, as its interval would. */
    public void reconcile() {
        scheduler.reschedule(TaskInstanceId.of("reconcile-all", "recurring"), Instant.now());
    }

    private boolean inFhir(String observationId) {
        try {
            fhir.read().resource(Observation.class).withId(observationId).execute();
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }
}
