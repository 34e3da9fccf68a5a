package org.iomtbridge.mapping;

import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The FHIR Consent that mirrors a patient's consent, valid against R4 whether active or revoked. */
class ConsentResourceTest {

    @Test
    void anActiveAndARevokedConsentAreValidAndShareTheirId() {
        Instant granted = Instant.parse("2026-11-20T09:00:00Z");
        var builder = WithingsFhirMapper.standard().builder();

        Consent active = builder.consent("12345678", new Reference("Patient/p1"), true, granted, Optional.empty(), "1",
                "ab".repeat(32));
        Consent revoked = builder.consent("12345678", new Reference("Patient/p1"), false, granted,
                Optional.of(Instant.parse("2026-11-25T18:00:00Z")), "1", "ab".repeat(32));

        assertThat(active.getIdPart()).isEqualTo("withings-consent-12345678").isEqualTo(revoked.getIdPart());
        assertThat(active.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
        assertThat(revoked.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
        assertThat(revoked.getProvision().getPeriod().getEndElement().getValueAsString()).startsWith("2026-11-25");
        assertThat(active.getPolicyFirstRep().getUri()).endsWith("v1#sha256-" + "ab".repeat(32));
        assertThat(R4Validation.errors(active)).isEmpty();
        assertThat(R4Validation.errors(revoked)).isEmpty();
    }
}
