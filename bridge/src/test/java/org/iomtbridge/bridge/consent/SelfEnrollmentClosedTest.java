package org.iomtbridge.bridge.consent;

import org.iomtbridge.bridge.enrollment.EnrollmentProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Self-enrollment is off unless configured: {@code /join} then creates nothing and says how to enroll. */
class SelfEnrollmentClosedTest {

    private final SelfEnrollmentPages pages = new SelfEnrollmentPages(null,
            new ConsentProperties(null, null), new EnrollmentProperties(null, null, false));

    @Test
    void theFormIsNotFoundAndPostingItCreatesNothing() {
        assertThat(pages.form().getStatusCode().value()).isEqualTo(404);
        assertThat(pages.form().getBody()).contains("Ask your care team for your personal enrollment link");
        assertThat(pages.join("Ada", "Lovelace", "1815-12-10").getStatusCode().value())
                .as("no enrollment is made: there is none to make it with").isEqualTo(404);
    }
}
