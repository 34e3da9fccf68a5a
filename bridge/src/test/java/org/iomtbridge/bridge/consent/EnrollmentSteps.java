package org.iomtbridge.bridge.consent;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.iomtbridge.bridge.support.SharedServers;

import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.net.ServerSocket;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.bridge.support.Browser.redirectOf;

/** The steps of a patient's way in, as the tests walk them over HTTP, each in the browser given. */
public final class EnrollmentSteps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OWN_LINK = Pattern.compile("id=\"own-link\" href=\"([^\"]+)\"");

    private final String bridgeUrl;
    private final String apiKey;
    private final IGenericClient fhir;
    private final Browser careTeam = new Browser("CareTeam/1.0");

    public EnrollmentSteps(String bridgeUrl, String apiKey, IGenericClient fhir) {
        this.bridgeUrl = bridgeUrl;
        this.apiKey = apiKey;
        this.fhir = fhir;
    }

    /**
     * The bridge on a free port, its public address that port, against the shared emulator and FHIR server, with
     * self-enrollment open; returns the port.
     */
    static int bridgeAndServers(DynamicPropertyRegistry registry) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        registry.add("server.port", () -> port);
        registry.add("iomt.public-base-url", () -> "http://127.0.0.1:" + port);
        registry.add("iomt.withings.endpoints", SharedServers::emulatorBaseUrl);
        registry.add("iomt.withings.client-id", () -> SharedServers.CLIENT_ID);
        registry.add("iomt.withings.client-secret", () -> SharedServers.CLIENT_SECRET);
        registry.add("iomt.fhir.base-url", SharedServers::fhirBaseUrl);
        registry.add("iomt.enrollment.self-service", () -> true);
        return port;
    }

    static EmulatorControl emulator() {
        return new EmulatorControl(SharedServers.emulatorBaseUrl());
    }

    /** An enrollment link for the patient, created in FHIR first if it is not there. */
    String enroll(String patient) {
        Patient resource = new Patient();
        resource.setId(patient.substring("Patient/".length()));
        fhir.update().resource(resource).execute();
        HttpResponse<String> created = careTeam.json("POST", bridgeUrl + "/api/v1/enrollments", apiKey,
                "{\"patient\": \"" + patient + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("link").asText();
    }

    /** The patient agrees on the consent page: where the browser is sent, Withings' authorization page. */
    static URI accept(Browser browser, String link) {
        return redirectOf(browser.postForm(link, Map.of("decision", "accept")));
    }

    /** The Withings user authorizes on Withings' page: where their browser is sent back, the bridge's callback. */
    static URI authorize(URI withingsPage, long userid) {
        return redirectOf(emulator().answerAuthorization(withingsPage, userid, "accept"));
    }

    /** Enrollment, consent and authorization at Withings in one browser: the patient is connected. The last page. */
    public String connect(Browser browser, String patient, long userid) {
        String connected = browser.get(authorize(accept(browser, enroll(patient)), userid).toString()).body();
        assertThat(connected).contains("You are connected");
        return connected;
    }

    /** The patient's own consent link, from the page that says they are connected. */
    static String ownLink(String connectedPage) {
        Matcher link = OWN_LINK.matcher(connectedPage);
        assertThat(link.find()).as(connectedPage).isTrue();
        return link.group(1);
    }

    static com.fasterxml.jackson.databind.JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the user's backfill has made its last slice: until then its slices interleave with whatever the test
     * does next.
     */
    public static void awaitBackfillFinished(org.springframework.jdbc.core.simple.JdbcClient jdbc, String withingsUserId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).until(() -> jdbc.sql(
                        "select count(*) from backfill where withings_user_id = :user and finished_at is not null")
                .param("user", withingsUserId).query(Long.class).single() == 1);
    }
}
