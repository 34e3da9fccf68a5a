package org.iomtbridge.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.support.Browser;
import org.iomtbridge.bridge.support.EmulatorControl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.bridge.support.Browser.redirectOf;

/**
 * Patients going through the front door: the care team creates the FHIR Patient and asks the bridge for an
 * enrollment link; the patient reads the consent, agrees, and authorizes at Withings (the emulator's page).
 */
final class Enrolling {

    /** A patient connected to a Withings user. */
    record Connected(long userid, String patient) {
    }

    /** A patient with a link, not yet connected. */
    record Invited(long userid, String patient, String link) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stack stack;
    private final EmulatorControl withings;
    private final FhirCopy fhir;
    private final Browser browser = new Browser("Mozilla/5.0 (e2e patient)");

    Enrolling(Stack stack, EmulatorControl withings, FhirCopy fhir) {
        this.stack = stack;
        this.withings = withings;
        this.fhir = fhir;
    }

    /** A Withings user with this much history, a FHIR Patient, and the enrollment link of that patient. */
    Invited invite(int historyDays) {
        String patientId = "e2e-" + System.nanoTime();
        fhir.client().update().resource(new Patient().setActive(true).setId(patientId)).execute();
        long userid = withings.newUser(historyDays);
        HttpResponse<String> enrolled = browser.json("POST", stack.bridgeUrl("/api/v1/enrollments"), stack.apiKey(),
                "{\"patient\": \"Patient/" + patientId + "\"}");
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        try {
            return new Invited(userid, "Patient/" + patientId, JSON.readTree(enrolled.body()).get("link").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The patient reads the consent, agrees, and authorizes at Withings. */
    Connected consent(Invited invited) {
        assertThat(browser.get(invited.link()).body()).contains("I agree");
        URI withingsPage = redirectOf(browser.postForm(invited.link(), Map.of("decision", "accept")));
        assertThat(withingsPage.toString()).startsWith(stack.emulatorUrl() + "/oauth2_user/authorize2");
        URI callback = redirectOf(withings.answerAuthorization(withingsPage, invited.userid(), "accept"));
        HttpResponse<String> connected = browser.get(callback.toString());
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
        assertThat(connected.body()).contains("You are connected");
        return new Connected(invited.userid(), invited.patient());
    }

    Connected connect(int historyDays) {
        return consent(invite(historyDays));
    }
}
