package org.iomtbridge.e2e;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.support.EmulatorControl;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The care team's dashboard in a real browser (the system's Chromium, driven by Playwright) against the whole stack:
 * sign in, enroll a patient, the patient consents through the pages in the same browser, their data shows in the
 * charts; a dead letter is replayed with its button. Screenshots land in {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardInBrowserTest {

    private static final Duration BACKFILL = Duration.ofSeconds(120);

    private Stack stack;
    private EmulatorControl withings;
    private FhirCopy fhir;
    private Chromium chromium;
    private Page page;

    @BeforeAll
    void start() {
        stack = Stack.sharedOnH2(PatientJourneyBehaviour.JOURNEY_RATE_LIMIT, PatientJourneyBehaviour.JOURNEY_SETTINGS);
        withings = new EmulatorControl(stack.emulatorUrl());
        fhir = new FhirCopy(stack.fhirBaseUrl());
        chromium = new Chromium();
        page = chromium.newPage();
        page.setDefaultTimeout(15_000);
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    @Order(1)
    void signInEnrollConsentInTheBrowserAndTheDataShowsInTheCharts() {
        String patientId = "ada-" + System.nanoTime();
        fhir.client().update().resource(new Patient().addName(new HumanName().setFamily("Lovelace").addGiven("Ada"))
                .setActive(true).setId(patientId)).execute();
        long userid = withings.newUser(30);
        withings.addEcg(userid, 300);

        page.navigate(stack.bridgeUrl("/dashboard"));
        assertThat(page).hasURL(stack.bridgeUrl("/login"));
        page.getByLabel("User name").fill("admin");
        page.getByLabel("Password").fill("not the password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByText("Wrong user name or password")).isVisible();
        Chromium.screenshot(page, "login");
        page.getByLabel("User name").fill("admin");
        page.getByLabel("Password").fill(stack.dashboardPassword());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Patients"))).isVisible();

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Enroll a patient")).click();
        page.getByLabel("FHIR Patient").fill("Patient/" + patientId);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create link")).click();
        Locator link = page.locator("#enrollment-link");
        assertThat(link).hasValue(java.util.regex.Pattern.compile(".*/enroll/.+"));
        assertThat(page.locator(".qr svg")).isVisible();
        // The README shows this screenshot: its link is spent by the patient below, and the stack is gone after.
        Chromium.screenshot(page, "enroll");

        // The patient opens the link in a browser of their own, consents and authorizes at Withings.
        Page patientPage = chromium.newPage();
        patientPage.navigate(link.inputValue());
        patientPage.getByText("I agree").click();
        patientPage.locator("#userid").selectOption(String.valueOf(userid));
        patientPage.getByText("Allow this app").click();
        assertThat(patientPage.getByText("You are connected")).isVisible();
        patientPage.context().close();

        Exactly.awaitFhirHolds(withings, fhir, userid, "Patient/" + patientId, BACKFILL);
        page.navigate(stack.bridgeUrl("/dashboard"));
        Locator row = page.locator("#patients tr", new Page.LocatorOptions().setHasText("Ada Lovelace"));
        assertThat(row.locator(".status")).hasText("ACTIVE");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            page.reload();
            return !row.locator(".last-sync").innerText().equals("never") && row.locator(".battery").count() > 0;
        });
        assertThat(row.locator(".problems")).hasText("none");
        Chromium.screenshot(page, "patients");

        row.getByText("Ada Lovelace").click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Ada Lovelace"))).isVisible();
        for (String chart : List.of("weight", "blood-pressure", "heart-rate", "spo2", "temperature", "steps", "sleep")) {
            Locator article = page.locator("#chart-" + chart);
            assertThat(article).hasAttribute("data-readings", java.util.regex.Pattern.compile("[1-9][0-9]*"));
            assertThat(article.locator(".plot canvas")).hasCount(1);
        }
        int weighIns = Integer.parseInt(page.locator("#chart-weight").getAttribute("data-readings"));
        assertThat(weighIns).as("the weight chart draws every weight in FHIR in the last 30 days")
                .isEqualTo(fhirCount(patientId, FhirSystems.WITHINGS_MEASURE_TYPE, "1", Duration.ofDays(30)));
        // The history has a weight typed in by the patient every tenth day: ringed, and said why under the chart.
        assertThat(page.locator("#chart-weight .marks")).containsText("Entered by the patient");
        assertThat(page.locator("#readings tbody tr .interpretation").first()).isVisible();
        assertThat(page.locator("#ecg")).hasAttribute("data-samples", java.util.regex.Pattern.compile("[1-9][0-9]{2,}"));
        assertThat(page.locator("#ecg .plot canvas")).hasCount(1);
        Chromium.screenshot(page, "patient");
    }

    @Test
    @Order(2)
    void theReplayButtonOfADeadLetterPutsItsDataInFhir() {
        Enrolling enrolling = new Enrolling(stack, withings, fhir);
        // Two days: yesterday's measures and night are there whatever the hour in the user's time zone.
        Enrolling.Invited invited = enrolling.invite(2);
        String patientId = invited.patient().substring("Patient/".length());
        // The Patient disappears from the FHIR server between the invitation and the consent (a merge elsewhere):
        // every write of theirs is refused and waits in a dead letter.
        fhir.client().delete().resourceById("Patient", patientId).execute();
        Enrolling.Connected orphan = enrolling.consent(invited);

        page.navigate(stack.bridgeUrl("/dashboard/pipeline"));
        Locator letters = page.locator("#dead-letters tbody tr", new Page.LocatorOptions()
                .setHasText(String.valueOf(orphan.userid())));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            page.reload();
            return letters.count() >= 3;
        });
        assertThat(letters.first().locator(".reason")).containsText(orphan.patient());
        Chromium.screenshot(page, "pipeline");

        fhir.client().update().resource(new Patient().setActive(true).setId(patientId)).execute();
        // The first sync may still be writing letters of its last kinds: replay until none is left.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            page.reload();
            int open = letters.count();
            for (int index = 0; index < open; index++) {
                Locator letter = letters.nth(index);
                letter.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Replay")).click();
                assertThat(letter.locator(".outcome")).containsText("Replayed");
                assertThat(letter.locator(".status")).hasText("REPLAYED");
            }
            page.reload();
            return letters.count() == 0;
        });
        Exactly.awaitFhirHolds(withings, fhir, orphan.userid(), orphan.patient(), Duration.ofSeconds(30));
    }

    @Test
    @Order(3)
    void theCareTeamsMorningAReadingPastAThresholdIsTriagedAndWhoIsNotMeasuringIsListed() {
        Enrolling enrolling = new Enrolling(stack, withings, fhir);
        Enrolling.Connected patient = enrolling.connect(2);
        Exactly.awaitFhirHolds(withings, fhir, patient.userid(), patient.patient(), BACKFILL);
        withings.addMeasure(patient.userid(), 10, new java.math.BigDecimal("196"));

        page.navigate(stack.bridgeUrl("/dashboard/alerts"));
        Locator alert = page.locator("#alerts tbody tr", new Page.LocatorOptions().setHasText(patient.patient()));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            page.reload();
            return alert.count() == 1;
        });
        assertThat(alert.locator(".interpretation")).hasText("HH");
        assertThat(alert.locator(".reading")).containsText("196");
        assertThat(alert.locator(".reading")).containsText("Hypertensive crisis");
        Chromium.screenshot(page, "alerts");
        alert.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Acknowledge")).click();
        assertThat(page.locator(".notice")).containsText("acknowledged");
        assertThat(alert).hasCount(0);
        page.navigate(stack.bridgeUrl("/dashboard/alerts?status=ACKNOWLEDGED"));
        assertThat(alert).containsText("acknowledged by admin");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Adherence")).click();
        Locator row = page.locator("#adherence tbody tr", new Page.LocatorOptions().setHasText(patient.patient()));
        assertThat(row).hasAttribute("data-standing", "BELOW");
        page.locator("#attention-filter").click();
        assertThat(row).hasCount(1);
        assertThat(page.locator("#adherence tbody tr[data-standing='MEETS']")).hasCount(0);
        Chromium.screenshot(page, "adherence");
    }

    private int fhirCount(String patientId, String system, String code, Duration within) {
        Bundle found = fhir.client().search().forResource(Observation.class)
                .where(Observation.SUBJECT.hasId("Patient/" + patientId))
                .and(Observation.CODE.exactly().systemAndCode(system, code))
                .and(Observation.DATE.afterOrEquals().millis(Date.from(Instant.now().minus(within))))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT).returnBundle(Bundle.class).execute();
        return found.getTotal();
    }
}
