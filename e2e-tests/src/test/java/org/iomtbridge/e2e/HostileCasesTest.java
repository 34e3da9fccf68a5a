package org.iomtbridge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.bridge.support.Browser.redirectOf;

/**
 * Issue 14's attack paths, tried over HTTP against the system as processes (the H2 stack the journey and the dashboard
 * tests share; each case works with patients of its own): each case is what an attacker tried, and what they must
 * now get. The cases that need PostgreSQL or two instances are in {@link ProductionTopologyTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private Stack stack;
    private EmulatorControl withings;
    private FhirCopy fhir;
    private Enrolling enrolling;
    private Browser script;

    @BeforeAll
    void start() {
        stack = Stack.sharedOnH2(PatientJourneyBehaviour.JOURNEY_RATE_LIMIT, PatientJourneyBehaviour.JOURNEY_SETTINGS);
        withings = new EmulatorControl(stack.emulatorUrl());
        fhir = new FhirCopy(stack.fhirBaseUrl());
        enrolling = new Enrolling(stack, withings, fhir);
        script = stack.browser("curl/8.0");
    }

    /** Issue 14, item 2. */
    @Test
    void theFhirServerAndTheEmulatorListenOnLoopbackOnlyAndTheFhirServerRefusesExpungeAndMultipleDelete()
            throws IOException {
        for (String url : List.of(stack.fhirBaseUrl(), stack.emulatorUrl())) {
            int port = URI.create(url).getPort();
            assertThat(Listeners.addressesListeningOn(port)).as("addresses listening on port %d (%s)", port, url)
                    .isNotEmpty().allSatisfy(address -> assertThat(address.isLoopbackAddress()).as(address.toString())
                            .isTrue());
        }

        String code = "hostile-" + System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                    .setCode(new CodeableConcept(new Coding("urn:e2e:hostile", code, null)));
            ids.add(fhir.client().create().resource(observation).execute().getId().getIdPart());
        }
        HttpResponse<String> multipleDelete = script.send(HttpRequest.newBuilder(
                URI.create(stack.fhirBaseUrl() + "/Observation?code=urn:e2e:hostile%7C" + code)).DELETE());
        assertThat(multipleDelete.statusCode()).as(multipleDelete.body()).isBetween(400, 499);
        for (String id : ids) {
            assertThat(fhir.client().read().resource(Observation.class).withId(id).execute().getCode()
                    .getCodingFirstRep().getCode()).isEqualTo(code);
        }
        HttpResponse<String> expunge = script.send(HttpRequest.newBuilder(
                        URI.create(stack.fhirBaseUrl() + "/Observation/" + ids.get(0) + "/$expunge"))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Parameters\",\"parameter\":["
                        + "{\"name\":\"expungePreviousVersions\",\"valueBoolean\":true},"
                        + "{\"name\":\"expungeDeletedResources\",\"valueBoolean\":true}]}")));
        assertThat(expunge.statusCode()).as(expunge.body()).isBetween(400, 499);
    }

    /** Issue 14, item 4. */
    @Test
    void reconnectOnAnActiveConsentIsRefusedWithoutANewEnrollmentLink() {
        Enrolling.Connected patient = enrolling.connect(1);
        HttpResponse<String> reconnect = script.postForm(patient.consentLink(), Map.of("action", "reconnect"));
        assertThat(reconnect.statusCode()).as(reconnect.body()).isEqualTo(409);
        assertThat(reconnect.headers().firstValue("Location")).isEmpty();
        assertThat(reconnect.body()).doesNotContain("/enroll/");
    }

    /** Issue 14, item 7. */
    @Test
    void unknownAndMalformedEcgIdsOverflowingPagesAndDuplicateJsonKeysAreAnswered4xx() {
        Browser careTeam = signedInCareTeam();
        String patientPage = stack.publicUrl("/dashboard/patients/e2e-" + System.nanoTime());
        for (String ecg : List.of("9999999", "not-an-ecg", "abc%3F_format=xml", "abc%3F_format%3Dxml%26_pretty%3Dtrue",
                "%2E%2E")) {
            HttpResponse<String> answer = careTeam.get(patientPage + "/ecgs/" + ecg);
            assertThat(answer.statusCode()).as("ECG " + ecg + ": " + answer.body()).isBetween(400, 499);
        }
        for (String paged : List.of("/api/v1/dead-letters?page=2147483647&size=500",
                "/api/v1/dead-letters?page=-1&size=-1", "/api/v1/dead-letters?size=2147483647")) {
            HttpResponse<String> answer = script.json("GET", stack.publicUrl(paged), stack.apiKey(), null);
            assertThat(answer.statusCode()).as(paged + ": " + answer.body()).isBetween(200, 499);
        }
        HttpResponse<String> overflow = script.json("GET", stack.publicUrl("/api/v1/dead-letters?page=2147483647&size=500"),
                stack.apiKey(), null);
        assertThat(overflow.statusCode()).as(overflow.body()).isBetween(400, 499);
        HttpResponse<String> patients = careTeam.get(stack.publicUrl("/dashboard?page=2147483647"));
        assertThat(patients.statusCode()).as(patients.body()).isLessThan(500);

        Enrolling.Invited existing = enrolling.invite(1);
        HttpResponse<String> duplicate = script.json("POST", stack.publicUrl("/api/v1/enrollments"), stack.apiKey(),
                "{\"patient\": \"" + existing.patient() + "\", \"patient\": \"" + existing.patient() + "\"}");
        assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(400);
        assertThat(duplicate.body()).containsIgnoringCase("duplicate");
    }

    /** Issue 14, item 8. */
    @Test
    void pagesSendCspAndReferrerPolicyMetricsAndApiDocsWantCredentialsAndAnonymousSignInPagesMakeNoSession() {
        Browser careTeam = stack.browser("Mozilla/5.0 (care team)");
        HttpResponse<String> signIn = DashboardSignIn.attempt(stack, careTeam, "admin", stack.dashboardPassword());
        assertThat(DashboardSignIn.signedIn(stack, signIn)).isTrue();
        assertThat(DashboardSignIn.cookieNames(signIn)).as("the session cookie set at sign-in").contains("JSESSIONID");

        // The sign-in form's CSRF token travels in a cookie of its own (XSRF-TOKEN); a server session starts at sign-in.
        HttpResponse<String> anonymousLogin = script.get(stack.publicUrl("/login"));
        assertThat(anonymousLogin.statusCode()).isEqualTo(200);
        assertThat(DashboardSignIn.cookieNames(anonymousLogin)).as("cookies of an anonymous GET /login")
                .doesNotContain("JSESSIONID");

        Enrolling.Invited invited = enrolling.invite(1);
        Enrolling.Connected connected = enrolling.connect(1);
        Map<String, HttpResponse<String>> pages = Map.of(
                "/login", anonymousLogin,
                "/dashboard", careTeam.get(stack.publicUrl("/dashboard")),
                "/dashboard/pipeline", careTeam.get(stack.publicUrl("/dashboard/pipeline")),
                "/enroll/{token}", script.get(invited.link()),
                "/consent/{token}", script.get(connected.consentLink()),
                "/oauth/callback", script.get(stack.publicUrl("/oauth/callback?code=x&state=forged")));
        pages.forEach((page, answer) -> {
            assertThat(answer.statusCode()).as(page).isLessThan(500);
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as("CSP of " + page)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("-src"));
            assertThat(answer.headers().firstValue("Referrer-Policy")).as("Referrer-Policy of " + page)
                    .hasValueSatisfying(policy -> assertThat(policy).isIn("no-referrer", "same-origin",
                            "origin", "strict-origin", "strict-origin-when-cross-origin"));
        });

        for (String path : List.of("/actuator/prometheus", "/v3/api-docs")) {
            HttpResponse<String> anonymous = script.get(stack.publicUrl(path));
            assertThat(anonymous.statusCode()).as(path + " without credentials").isEqualTo(401);
            assertThat(anonymous.body()).doesNotContain("java_").doesNotContain("openapi");
        }
    }

    /** Issue 14, item 9. */
    @Test
    void theOAuthCallbackFromAnotherBrowserThanTheOneThatConsentedLinksNothing() {
        Enrolling.Invited invited = enrolling.invite(1);
        Browser patient = stack.browser("Mozilla/5.0 (e2e patient)");
        assertThat(patient.get(invited.link()).statusCode()).isEqualTo(200);
        URI withingsPage = redirectOf(patient.postForm(invited.link(), Map.of("decision", "accept")));
        URI callback = redirectOf(withings.answerAuthorization(withingsPage, invited.userid(), "accept"));

        Browser forwardedTo = stack.browser("Mozilla/5.0 (someone else)");
        HttpResponse<String> elsewhere = forwardedTo.get(callback.toString());
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(400);
        assertThat(elsewhere.body()).doesNotContain("You are connected");
        HttpResponse<String> consent = script.json("GET", stack.publicUrl("/api/v1/consents/" + invited.userid()),
                stack.apiKey(), null);
        assertThat(consent.statusCode()).as("the Withings user is linked to nobody").isEqualTo(404);
    }

    /** Issue 14, item 10. */
    @Test
    void theBridgesAndTheFhirServersDataFoldersAreOwnerOnly() throws IOException {
        for (Path folder : List.of(stack.bridge().dataDir().resolve(Stack.DATA),
                stack.fhirServer().dataDir().resolve(Stack.DATA))) {
            assertThat(folder).isDirectory();
            assertThat(Files.getPosixFilePermissions(folder)).as(folder.toString()).isEqualTo(OWNER_ONLY);
            List<String> shared = new ArrayList<>();
            try (Stream<Path> files = Files.walk(folder)) {
                files.forEach(file -> {
                    try {
                        Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
                        permissions.retainAll(EnumSet.of(PosixFilePermission.GROUP_READ,
                                PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ,
                                PosixFilePermission.OTHERS_WRITE));
                        if (!permissions.isEmpty()) {
                            shared.add(folder.relativize(file) + " " + PosixFilePermissions.toString(
                                    Files.getPosixFilePermissions(file)));
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            assertThat(shared).as("files others may read or write in " + folder).isEmpty();
        }
    }

    /** Roles: an operator's key reaches the pipeline, not patients' enrollment nor the audit trail. */
    @Test
    void anOperatorsKeyReachesDeadLettersButNotEnrollmentsNorTheAuditTrail() throws IOException {
        HttpResponse<String> created = script.json("POST", stack.publicUrl("/api/v1/api-keys"), stack.apiKey(),
                "{\"label\": \"e2e operator\", \"roles\": [\"OPERATOR\"]}");
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        JsonNode key = JSON.readTree(created.body()).get("key");
        assertThat(key).as(created.body()).isNotNull();
        String operator = key.asText();

        assertThat(script.json("GET", stack.publicUrl("/api/v1/dead-letters"), operator, null).statusCode())
                .isEqualTo(200);
        Enrolling.Invited existing = enrolling.invite(1);
        HttpResponse<String> enroll = script.json("POST", stack.publicUrl("/api/v1/enrollments"), operator,
                "{\"patient\": \"" + existing.patient() + "\"}");
        assertThat(enroll.statusCode()).as(enroll.body()).isEqualTo(403);
        assertThat(script.json("GET", stack.publicUrl("/api/v1/audit-events"), operator, null).statusCode())
                .isEqualTo(403);
        assertThat(script.json("GET", stack.publicUrl("/api/v1/audit-events"), stack.apiKey(), null).statusCode())
                .isEqualTo(200);
    }

    private Browser signedInCareTeam() {
        Browser careTeam = stack.browser("Mozilla/5.0 (care team)");
        DashboardSignIn.signIn(stack, careTeam, "admin", stack.dashboardPassword());
        return careTeam;
    }
}
