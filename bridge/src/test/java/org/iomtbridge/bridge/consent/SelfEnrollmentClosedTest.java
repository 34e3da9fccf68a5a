package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.enrollment.EnrollmentProperties;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;

/** Self-enrollment is off unless configured: {@code /join} then creates nothing and says how to enroll. */
class SelfEnrollmentClosedTest {

    private final SelfEnrollmentPages pages = new SelfEnrollmentPages(null,
            new ConsentProperties(null, null), new EnrollmentProperties(null, null, false));

    @Test
    void theFormIsNotFoundAndPostingItCreatesNothing() {
        ModelAndView form = pages.form();
        assertThat(form.getStatus().value()).isEqualTo(404);
        assertThat(form.getModel().get("message")).asString()
                .contains("Ask your care team for your personal enrollment link");
        assertThat(pages.join("Ada", "Lovelace", "1815-12-10").getStatus().value())
                .as("no enrollment is made: there is none to make it with").isEqualTo(404);
    }
}
