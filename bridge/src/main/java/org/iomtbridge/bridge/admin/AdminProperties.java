package org.iomtbridge.bridge.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** Who may use the admin API ({@code iomt.admin.*}) and the dashboard ({@code iomt.dashboard.*}), and how. */
@ConfigurationProperties("iomt")
record AdminProperties(Admin admin, Dashboard dashboard) {

    public AdminProperties {
        admin = admin == null ? new Admin(false, null, null, null) : admin;
        dashboard = dashboard == null ? new Dashboard(null, null, false, null) : dashboard;
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
     * Who signs in to the dashboard. Users live in the database with a bcrypt hash of their password.
     *
     * @param adminUser     the name of the administrator
     * @param adminPassword the administrator's password, given by environment ({@code IOMT_DASHBOARD_ADMIN_PASSWORD}):
     *                      at start the user is created with it, or given it; only its bcrypt hash is kept
     * @param bootstrapUser when no user exists and no password is given, create the administrator with a random
     *                      password and show it once on the console
     * @param login         how sign-in slows down and locks out guessing
     */
    public record Dashboard(String adminUser, String adminPassword, boolean bootstrapUser, Login login) {

        public Dashboard {
            adminUser = adminUser == null || adminUser.isBlank() ? "admin" : adminUser.trim();
            login = login == null ? new Login(0, 0, null, null, null, null) : login;
        }

        @Override
        public String toString() {
            return "Dashboard[adminUser=" + adminUser + ", adminPassword=redacted, login=" + login + "]";
        }
    }

    /**
     * How the dashboard's sign-in slows down and then locks out guessing, under {@code iomt.dashboard.login.*}. Failures
     * are counted per user name and per client address; each count drains again at {@code maxFailures} per
     * {@code lockDuration}, and a successful sign-in clears the user name's count.
     *
     * @param maxFailures           failures of one user name that lock it for {@code lockDuration}
     * @param maxFailuresPerAddress failures from one client address that lock it; higher, as a clinic's users may share
     *                              one address
     * @param lockDuration          how long a lock lasts; a locked user name or address refuses even the right password
     * @param freeFailures          failures answered at once; after them each failure is answered later
     * @param firstDelay            the delay of the first slowed failure; it doubles with each further one
     * @param maxDelay              the longest delay
     */
    public record Login(int maxFailures, int maxFailuresPerAddress, Duration lockDuration, Integer freeFailures,
                        Duration firstDelay, Duration maxDelay) {

        public Login {
            maxFailures = maxFailures <= 0 ? 10 : maxFailures;
            maxFailuresPerAddress = maxFailuresPerAddress <= 0 ? 50 : maxFailuresPerAddress;
            lockDuration = lockDuration == null || lockDuration.isNegative() || lockDuration.isZero()
                    ? Duration.ofMinutes(15) : lockDuration;
            freeFailures = freeFailures == null || freeFailures < 0 ? 3 : freeFailures;
            firstDelay = firstDelay == null || firstDelay.isNegative() ? Duration.ofSeconds(1) : firstDelay;
            maxDelay = maxDelay == null || maxDelay.isNegative() ? Duration.ofSeconds(8) : maxDelay;
        }

        /** The delay before answering the {@code failures}-th failure in a row. */
        Duration delayAfter(long failures) {
            if (failures <= freeFailures || firstDelay.isZero()) {
                return Duration.ZERO;
            }
            long doublings = Math.min(failures - freeFailures - 1, 30);
            Duration delay = firstDelay.multipliedBy(1L << doublings);
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        }
    }
}
