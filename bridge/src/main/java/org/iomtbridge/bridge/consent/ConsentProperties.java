package org.iomtbridge.bridge.consent;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * What the patient agrees to ({@code iomt.consent.*}) and what happens when they withdraw ({@code iomt.revocation.*}).
 */
@ConfigurationProperties("iomt")
record ConsentProperties(Text consent, Revocation revocation) {

    public ConsentProperties {
        consent = consent == null ? new Text(null, null, null, null, null) : consent;
        revocation = revocation == null ? new Revocation(false, null) : revocation;
    }

    /**
     * What the patient reads before consenting; its version and SHA-256 are recorded with each consent.
     *
     * @param recipient who receives the data
     * @param purpose   what for
     * @param retention how long it is kept
     */
    public record Text(String version, String recipient, String purpose, String retention, String data) {

        public Text {
            version = version == null || version.isBlank() ? "1" : version;
            recipient = recipient == null || recipient.isBlank() ? "your care team" : recipient;
            purpose = purpose == null || purpose.isBlank() ? "remote monitoring of your health" : purpose;
            retention = retention == null || retention.isBlank() ? "as long as your care requires, unless you revoke"
                    : retention;
            data = data == null || data.isBlank()
                    ? "weight and body composition, blood pressure, heart rate, SpO2, temperature, ECG, sleep and activity"
                    : data;
        }

        /** The consent text exactly as shown; its hash is the evidence of what was agreed to. */
        public String text() {
            return "Data shared: " + data + ".\nRecipient: " + recipient + ".\nPurpose: " + purpose
                    + ".\nRetention: " + retention + ".\nYou can revoke this consent at any time.";
        }
    }

    /**
     * What happens to the data in FHIR when a consent ends.
     *
     * @param eraseData          delete the user's Observations (and the Provenance of their batches) from the FHIR
     *                           server; by default they are kept, as the clinical record they became. The FHIR Consent
     *                           is kept either way, inactive, as the record of the withdrawal.
     * @param erasureGracePeriod how long after the revocation the erasure waits: until then the care team can cancel
     *                           it ({@code DELETE /api/v1/erasures/{withingsUserId}}) and a reconnect of the user
     *                           cancels it, so that a revocation by mistake does not destroy clinical data at once
     */
    public record Revocation(boolean eraseData, Duration erasureGracePeriod) {

        public Revocation {
            erasureGracePeriod = erasureGracePeriod == null ? Duration.ofDays(7) : erasureGracePeriod;
            if (erasureGracePeriod.isNegative()) {
                throw new IllegalArgumentException("iomt.revocation.erasure-grace-period must not be negative, was "
                        + erasureGracePeriod);
            }
        }
    }
}
