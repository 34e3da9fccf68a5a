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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.bridge.support.Browser.redirectOf;

/**
 * Patients going through the front door: the care team creates the FHIR Patient and asks the bridge for an
 * enrollment link; the patient reads the consent, agrees, and authorizes at Withings (the emulator's page).
 */
final class Enrolling {

    /**
     * A patient connected to a Withings user.
     *
     * @param consentLink the patient's own link to their consent, shown once they connected
     */
    record Connected(long userid, String patient, String consentLink) {
    }

    /** A patient with a link, not yet connected. */
    record Invited(long userid, String patient, String link) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OWN_LINK = Pattern.compile("id=\"own-link\" href=\"([^\"]+)\"");

    private final Deployment deployment;
    private final EmulatorControl withings;
    private final FhirCopy fhir;
    private final Browser browser;

    Enrolling(Deployment deployment, EmulatorControl withings, FhirCopy fhir) {
        this.deployment = deployment;
        this.withings = withings;
        this.fhir = fhir;
        this.browser = deployment.browser("Mozilla/5.0 (e2e patient)");
    }

    /** A Withings user with this much history, a FHIR Patient, and the enrollment link of that patient. */
    Invited invite(int historyDays) {
        String patientId = "e2e-" + System.nanoTime();
        fhir.client().update().resource(new Patient().setActive(true).setId(patientId)).execute();
        long userid = withings.newUser(historyDays);
        HttpResponse<String> enrolled = browser.json("POST", deployment.publicUrl("/api/v1/enrollments"),
                deployment.apiKey(), "{\"patient\": \"Patient/" + patientId + "\"}");
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        try {
            return new Invited(userid, "Patient/" + patientId, JSON.readTree(enrolled.body()).get("link").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The patient reads the consent, agrees, and authorizes at Withings. */
    Connected consent(Invited invited) {
        return connected(invited, authorize(invited));
    }

    /** The patient reads the consent, agrees, and authorizes at Withings: the callback their browser is sent to. */
    URI authorize(Invited invited) {
        assertThat(browser.get(invited.link()).body()).contains("I agree");
        URI withingsPage = redirectOf(browser.postForm(invited.link(), Map.of("decision", "accept")));
        assertThat(withingsPage.toString()).startsWith(deployment.emulatorUrl() + "/oauth2_user/authorize2");
        return redirectOf(withings.answerAuthorization(withingsPage, invited.userid(), "accept"));
    }

    /** The patient's browser arrives at the bridge's callback: the page says they are connected. */
    Connected connected(Invited invited, URI callback) {
        HttpResponse<String> connected = browser.get(callback.toString());
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
        assertThat(connected.body()).contains("You are connected");
        Matcher own = OWN_LINK.matcher(connected.body());
        assertThat(own.find()).as(connected.body()).isTrue();
        return new Connected(invited.userid(), invited.patient(), own.group(1).replace("&amp;", "&"));
    }

    Connected connect(int historyDays) {
        return consent(invite(historyDays));
    }
}
