package org.iomtbridge.bridge.enrollment;

import org.iomtbridge.bridge.BridgeProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Self-enrollment is off unless configured: {@code /join} then creates nothing and says how to enroll. */
class SelfEnrollmentClosedTest {

    private final SelfEnrollmentPages pages = new SelfEnrollmentPages(null,
            new BridgeProperties(null, null, null, null, null, null, null, null));

    @Test
    void theFormIsNotFoundAndPostingItCreatesNothing() {
        assertThat(pages.form().getStatusCode().value()).isEqualTo(404);
        assertThat(pages.form().getBody()).contains("Ask your care team for your personal enrollment link");
        assertThat(pages.join("Ada", "Lovelace", "1815-12-10").getStatusCode().value())
                .as("no enrollment is made: there is none to make it with").isEqualTo(404);
    }
}
