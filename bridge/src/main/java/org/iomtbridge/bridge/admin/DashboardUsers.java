package org.iomtbridge.bridge.admin;

import org.iomtbridge.bridge.BridgeProperties;
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

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;

/** The people who sign in to the dashboard, each with a bcrypt hash of their password. */
@Service
public class DashboardUsers implements UserDetailsService {

    /** Shorter passwords are refused: the dashboard shows health data. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final JdbcClient jdbc;
    /** bcrypt, with the scheme stored beside each hash so that a stronger one can follow. */
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final Clock clock;
    private final BridgeProperties.Dashboard settings;

    public DashboardUsers(JdbcClient jdbc, Clock clock, BridgeProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = properties.dashboard();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql("select username, password_hash from dashboard_user where username = :name")
                .param("name", username)
                .query((row, number) -> User.withUsername(row.getString(1)).password(row.getString(2))
                        .roles(AdminSecurity.OPERATOR).build())
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no dashboard user " + username));
    }

    /** Adds a user, or gives an existing one a new password. */
    public void save(String username, String password) {
        if (username == null || !username.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits or . _ @ -");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a password has at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        String hash = passwords.encode(password);
        int updated = jdbc.sql("update dashboard_user set password_hash = :hash where username = :name")
                .param("hash", hash).param("name", username).update();
        if (updated == 0) {
            jdbc.sql("insert into dashboard_user (username, password_hash, created_at) values (:name, :hash, :now)")
                    .param("name", username).param("hash", hash).param("now", Timestamp.from(clock.instant())).update();
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void createFirstUser() {
        if (settings.adminPassword() != null && !settings.adminPassword().isBlank()) {
            save(settings.adminUser(), settings.adminPassword());
            return;
        }
        if (settings.bootstrapUser() && jdbc.sql("select count(*) from dashboard_user").query(Long.class).single() == 0) {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            save(settings.adminUser(), password);
            // Shown on the console once, not logged: the bridge keeps only its hash.
            System.out.println("""

                    ================================================================================
                     Dashboard sign-in (shown once, only a bcrypt hash is kept):
                       user %s   password %s
                    ================================================================================
                    """.formatted(settings.adminUser(), password));
        }
    }
}
