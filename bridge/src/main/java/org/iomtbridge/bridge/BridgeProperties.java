package org.iomtbridge.bridge;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the bridge, under {@code iomt.*}.
 *
 * @param webhook notifications from Withings
 * @param vault   the keys that seal tokens
 */
@ConfigurationProperties("iomt")
public record BridgeProperties(String publicBaseUrl, Webhook webhook, Vault vault, Admin admin, Enrollment enrollment,
                               Consent consent, Revocation revocation, Dashboard dashboard) {

    public BridgeProperties {
        publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? "http://localhost:8080"
                : publicBaseUrl.replaceAll("/+$", "");
        webhook = webhook == null ? new Webhook(null, 0) : webhook;
        vault = vault == null ? new Vault(null, null, false) : vault;
        admin = admin == null ? new Admin(false, null, null, null) : admin;
        enrollment = enrollment == null ? new Enrollment(null, null, false) : enrollment;
        consent = consent == null ? new Consent(null, null, null, null, null) : consent;
        revocation = revocation == null ? new Revocation(false, null) : revocation;
        dashboard = dashboard == null ? new Dashboard(null, null, false) : dashboard;
    }

    /**
     * Who signs in to the dashboard. Users live in the database with a bcrypt hash of their password.
     *
     * @param adminUser     the name of the administrator
     * @param adminPassword the administrator's password, given by environment ({@code IOMT_DASHBOARD_ADMIN_PASSWORD}):
     *                      at start the user is created with it, or given it; only its bcrypt hash is kept
     * @param bootstrapUser when no user exists and no password is given, create the administrator with a random
     *                      password and show it once on the console
     */
    public record Dashboard(String adminUser, String adminPassword, boolean bootstrapUser) {

        public Dashboard {
            adminUser = adminUser == null || adminUser.isBlank() ? "admin" : adminUser.trim();
        }

        @Override
        public String toString() {
            return "Dashboard[adminUser=" + adminUser + ", adminPassword=redacted]";
        }
    }

    /**
     * What happens to the data in FHIR when a consent ends.
     *
     * @param eraseData delete the user's Observations (and the Provenance of their batches) from the FHIR server;
     *                  by default they are kept, as the clinical record they became. The FHIR Consent is kept either
     *                  way, inactive, as the record of the withdrawal.
     * @param erasureGracePeriod how long after the revocation the erasure waits: until then the care team can cancel it
     *                  ({@code DELETE /api/v1/erasures/{withingsUserId}}) and a reconnect of the user cancels it, so
     *                  that a revocation by mistake does not destroy clinical data at once
     */
    public record Revocation(boolean eraseData, java.time.Duration erasureGracePeriod) {

        public Revocation {
            erasureGracePeriod = erasureGracePeriod == null ? java.time.Duration.ofDays(7) : erasureGracePeriod;
            if (erasureGracePeriod.isNegative()) {
                throw new IllegalArgumentException("iomt.revocation.erasure-grace-period must not be negative, was "
                        + erasureGracePeriod);
            }
        }
    }

    /**
     * @param bootstrapKey   create an admin API key on the first start and show it once (embedded default)
     * @param initialKeyHash the SHA-256 of an admin API key to accept from the start; the demo launcher makes the key
     *                       and passes only its hash, so the key is on no disk and in no process argument
     * @param apiAuth        how callers of {@code /api/v1/} authenticate: admin API keys, or OAuth2 JWT bearer tokens
     *                       checked with {@code spring.security.oauth2.resourceserver.jwt.*}
     * @param jwtScope       the scope a JWT must carry to use the admin API
     */
    public record Admin(boolean bootstrapKey, String initialKeyHash, ApiAuth apiAuth, String jwtScope) {

        public Admin {
            apiAuth = apiAuth == null ? ApiAuth.API_KEY : apiAuth;
            jwtScope = jwtScope == null || jwtScope.isBlank() ? "iomt.admin" : jwtScope.trim();
        }

        /** How the admin API authenticates its callers. */
        public enum ApiAuth { API_KEY, JWT }
    }

    /**
     * @param linkLifetime  how long an enrollment link works
     * @param stateLifetime how long the patient has on Withings' page before the OAuth state expires
     * @param selfService   anyone may enroll at {@code /join}: their FHIR Patient is created once they consented
     */
    public record Enrollment(java.time.Duration linkLifetime, java.time.Duration stateLifetime, boolean selfService) {

        public Enrollment {
            linkLifetime = linkLifetime == null ? java.time.Duration.ofDays(7) : linkLifetime;
            stateLifetime = stateLifetime == null ? java.time.Duration.ofMinutes(15) : stateLifetime;
        }
    }

    /**
     * What the patient reads before consenting; its version and SHA-256 are recorded with each consent.
     *
     * @param recipient who receives the data
     * @param purpose   what for
     * @param retention how long it is kept
     */
    public record Consent(String version, String recipient, String purpose, String retention, String data) {

        public Consent {
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
     * @param secret       the unguessable path segment of the callback URL, {@code /webhooks/withings/{secret}}
     * @param maxBodyBytes a larger notification body is refused with 413; Withings' are about 100 bytes
     */
    public record Webhook(String secret, int maxBodyBytes) {

        public Webhook {
            maxBodyBytes = maxBodyBytes <= 0 ? 8192 : maxBodyBytes;
        }

        public Optional<String> configuredSecret() {
            return Optional.ofNullable(secret).filter(value -> !value.isBlank());
        }
    }

    /**
     * Where the token vault's keyset comes from: a file (created on first run when {@code createIfMissing}), or an
     * environment variable holding the keyset JSON. A KMS-held key plugs in through {@code KeysetSource}.
     *
     * @param keysetFile      a Tink JSON keyset file
     * @param keysetEnv       the name of an environment variable with the keyset JSON; it wins over the file
     * @param createIfMissing create the file with a new key when it does not exist (embedded default)
     */
    public record Vault(Path keysetFile, String keysetEnv, boolean createIfMissing) {
    }
}
