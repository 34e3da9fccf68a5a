package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.enrollment.Enrollments;
import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Patient;
import org.iomtbridge.bridge.enrollment.EnrollmentProperties;
import org.iomtbridge.bridge.web.MessagePage;
import org.iomtbridge.mapping.fhir.FhirSystems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/**
 * Self-enrollment at {@code /join}, when {@code iomt.enrollment.self-service} allows it: a person gives their name and
 * birth date and goes on to the consent page. Their FHIR Patient is created only once they consented, so an abandoned
 * form leaves nothing behind in FHIR.
 */
@Controller
class SelfEnrollmentPages {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final Enrollments enrollments;
    private final ConsentProperties properties;
    private final boolean selfService;

    public SelfEnrollmentPages(Enrollments enrollments, ConsentProperties properties,
                               EnrollmentProperties enrollment) {
        this.enrollments = enrollments;
        this.properties = properties;
        this.selfService = enrollment.selfService();
    }

    @GetMapping(path = "/join", produces = MediaType.TEXT_HTML_VALUE)
    public ModelAndView form() {
        if (!selfService) {
            return closed();
        }
        return new ModelAndView("patient/join", Map.of("recipient", properties.consent().recipient()), HttpStatus.OK);
    }

    @PostMapping(path = "/join", produces = MediaType.TEXT_HTML_VALUE)
    public ModelAndView join(@RequestParam(defaultValue = "") String given,
                             @RequestParam(defaultValue = "") String family,
                             @RequestParam(defaultValue = "") String birthDate) {
        if (!selfService) {
            return closed();
        }
        LocalDate born;
        try {
            born = LocalDate.parse(birthDate.trim());
        } catch (DateTimeParseException e) {
            return invalid("Give your birth date as year-month-day, for example 1970-01-31.");
        }
        if (given.isBlank() || family.isBlank() || given.length() > 100 || family.length() > 100) {
            return invalid("Give your given and family names, each up to 100 characters.");
        }
        if (born.isAfter(LocalDate.now()) || born.isBefore(LocalDate.of(1900, 1, 1))) {
            return invalid("That birth date cannot be right; please check it.");
        }
        String id = "self-" + UUID.randomUUID();
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName().setFamily(family.trim()).addGiven(given.trim());
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType(born.toString()));
        patient.getMeta().addTag(FhirSystems.ENROLLMENT, "self-service",
                "Enrolled themselves through the bridge");
        Enrollments.Created enrollment = enrollments.createForNewPatient("Patient/" + id,
                FHIR.newJsonParser().encodeResourceToString(patient));
        return new ModelAndView("redirect:" + enrollment.link());
    }

    private static ModelAndView closed() {
        return MessagePage.of(HttpStatus.NOT_FOUND, "Enrollment is by invitation",
                "Ask your care team for your personal enrollment link.");
    }

    private static ModelAndView invalid(String problem) {
        return new ModelAndView("patient/join-invalid", Map.of("problem", problem), HttpStatus.BAD_REQUEST);
    }
}
