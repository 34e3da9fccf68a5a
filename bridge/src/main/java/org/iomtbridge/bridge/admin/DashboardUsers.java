package org.iomtbridge.bridge.admin;

import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The people who sign in to the dashboard, each with a bcrypt hash of their password and a set of roles. There is
 * always an enabled administrator: the last one can be neither removed, disabled nor demoted.
 */
@Service
class DashboardUsers implements UserDetailsService {

    /** Shorter passwords are refused: the dashboard shows health data. */
    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final String NAME = "[A-Za-z0-9._@-]{1,64}";

    private final JdbcClient jdbc;
    /** bcrypt, with the scheme stored beside each hash so that a stronger one can follow. */
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final Clock clock;
    private final AuditTrail audit;
    private final AdminProperties.Dashboard settings;

    public DashboardUsers(JdbcClient jdbc, Clock clock, AuditTrail audit, AdminProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.settings = properties.dashboard();
    }

    /** A user as listed: never the password's hash. */
    public record DashboardUser(String name, Set<Role> roles, boolean enabled, Instant createdAt) {
    }

    /** A change that the rules refuse, such as leaving no administrator; the message says why. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("select username, password_hash, roles, enabled from dashboard_user where username = :name")
                .param("name", username)
                .query((row, number) -> User.withUsername(row.getString(1)).password(row.getString(2))
                        .authorities(Role.parse(row.getString(3)).stream().map(Role::authority).toArray(String[]::new))
                        .disabled(!row.getBoolean(4)).build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no dashboard user " + username));
    }

    public Optional<DashboardUser> find(String username) {
        return jdbc.sql("select username, roles, enabled, created_at from dashboard_user where username = :name")
                .param("name", username).query(DashboardUsers::user).optional();
    }

    public List<DashboardUser> list() {
        return jdbc.sql("select username, roles, enabled, created_at from dashboard_user order by username")
                .query(DashboardUsers::user).list();
    }

    /**
     * @throws IllegalArgumentException for a malformed name, a short password or no role
     * @throws Refused                  when the name is taken
     */
    @Transactional
    public DashboardUser create(String username, String password, Set<Role> roles) {
        checkName(username);
        String hash = hash(password);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role");
        }
        if (find(username).isPresent()) {
            throw new Refused("there is a user " + username + " already");
        }
        insert(username, hash, roles);
        audit.record(AuditEntry.of("user.created", AuditEntry.Outcome.SUCCESS)
                .detail("user " + username + " with roles " + Role.format(roles)));
        return find(username).orElseThrow();
    }

    /** @throws NoSuchElementException when there is no such user */
    @Transactional
    public void resetPassword(String username, String password) {
        String hash = hash(password);
        if (jdbc.sql("update dashboard_user set password_hash = :hash where username = :name")
                .param("hash", hash).param("name", username).update() == 0) {
            throw new NoSuchElementException("no user " + username);
        }
        audit.record(AuditEntry.of("user.password.reset", AuditEntry.Outcome.SUCCESS).detail("user " + username));
    }

    /**
     * Gives a user other roles, or disables or enables them; a signed-in user's next page already follows the change.
     *
     * @throws NoSuchElementException when there is no such user
     * @throws Refused                when no enabled administrator would be left
     */
    @Transactional
    public DashboardUser update(String username, Set<Role> roles, boolean enabled) {
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role; to take all away, disable or remove");
        }
        DashboardUser before = lockedAdministrators(username);
        if (!(enabled && roles.contains(Role.ADMINISTRATOR))) {
            keepAnAdministrator(before, "demote or disable");
        }
        jdbc.sql("update dashboard_user set roles = :roles, enabled = :enabled where username = :name")
                .param("roles", Role.format(roles)).param("enabled", enabled).param("name", username).update();
        if (!before.roles().equals(roles)) {
            audit.record(AuditEntry.of("user.roles.changed", AuditEntry.Outcome.SUCCESS).detail("user " + username
                    + ": roles " + Role.format(before.roles()) + " -> " + Role.format(roles)));
        }
        if (before.enabled() != enabled) {
            audit.record(AuditEntry.of(enabled ? "user.enabled" : "user.disabled", AuditEntry.Outcome.SUCCESS)
                    .detail("user " + username));
        }
        return find(username).orElseThrow();
    }

    /**
     * @throws NoSuchElementException when there is no such user
     * @throws Refused                when it is the last enabled administrator
     */
    @Transactional
    public void remove(String username) {
        keepAnAdministrator(lockedAdministrators(username), "remove");
        jdbc.sql("delete from dashboard_user where username = :name").param("name", username).update();
        audit.record(AuditEntry.of("user.removed", AuditEntry.Outcome.SUCCESS).detail("user " + username));
    }

    /**
     * The user, after locking the rows of the enabled administrators and the user's own: two administrators who
     * demote each other at the same moment cannot leave none.
     */
    private DashboardUser lockedAdministrators(String username) {
        jdbc.sql("select username from dashboard_user where (enabled and roles like '%ADMINISTRATOR%')"
                + " or username = :name for update").param("name", username).query(String.class).list();
        return find(username).orElseThrow(() -> new NoSuchElementException("no user " + username));
    }

    private void keepAnAdministrator(DashboardUser user, String change) {
        long others = jdbc.sql("select count(*) from dashboard_user where enabled and roles like '%ADMINISTRATOR%'"
                + " and username <> :name").param("name", user.name()).query(Long.class).single();
        if (user.enabled() && user.roles().contains(Role.ADMINISTRATOR) && others == 0) {
            throw new Refused("cannot " + change + " " + user.name()
                    + ": the last administrator; make another user an administrator first");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void createFirstUser() {
        String name = settings.adminUser();
        if (settings.adminPassword() != null && !settings.adminPassword().isBlank()) {
            if (find(name).isPresent()) {
                jdbc.sql("update dashboard_user set password_hash = :hash where username = :name")
                        .param("hash", hash(settings.adminPassword())).param("name", name).update();
            } else {
                insert(name, hash(settings.adminPassword()), EnumSet.allOf(Role.class));
            }
            return;
        }
        if (settings.bootstrapUser() && jdbc.sql("select count(*) from dashboard_user").query(Long.class).single() == 0) {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            insert(name, hash(password), EnumSet.allOf(Role.class));
            // Shown on the console once, not logged: the bridge keeps only its hash.
            System.out.println("""

                    ================================================================================
                     Dashboard sign-in (shown once, only a bcrypt hash is kept):
                       user %s   password %s
                    ================================================================================
                    """.formatted(name, password));
        }
    }

    private void insert(String username, String hash, Set<Role> roles) {
        checkName(username);
        jdbc.sql("insert into dashboard_user (username, password_hash, roles, enabled, created_at)"
                        + " values (:name, :hash, :roles, true, :now)")
                .param("name", username).param("hash", hash).param("roles", Role.format(roles))
                .param("now", Timestamp.from(clock.instant())).update();
    }

    private String hash(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return passwords.encode(password);
    }

    private static void checkName(String username) {
        if (username == null || !username.matches(NAME)) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits or . _ @ -");
        }
    }

    private static DashboardUser user(ResultSet row, int number) throws SQLException {
        return new DashboardUser(row.getString(1), Role.parse(row.getString(2)), row.getBoolean(3),
                row.getTimestamp(4).toInstant());
    }
}
