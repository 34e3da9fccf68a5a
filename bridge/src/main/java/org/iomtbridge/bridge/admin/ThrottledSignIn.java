package org.iomtbridge.bridge.admin;

import com.google.common.util.concurrent.Striped;
import org.iomtbridge.bridge.audit.AuditEntry;
import org.iomtbridge.bridge.audit.AuditTrail;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * The dashboard's sign-in: the password checked against {@link DashboardUsers}, behind the {@link LoginThrottle}.
 * A locked user name or address is refused before its password is looked at; each failure is answered after the
 * throttle's delay. Every attempt is in the audit trail, with the user name only when such a user exists (a typed
 * name may be a password in the wrong field), and never the password.
 */
@Component
class ThrottledSignIn implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final DashboardUsers users;
    private final LoginThrottle throttle;
    private final AuditTrail audit;

    ThrottledSignIn(DashboardUsers users, LoginThrottle throttle, AuditTrail audit) {
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        this.users = users;
        this.throttle = throttle;
        this.audit = audit;
    }

    private final Striped<Lock> attempts = Striped.lock(64);

    /** Signing in is refused for a while; the dashboard says for how long. */
    static final class SignInLocked extends LockedException {
        private final Duration remaining;

        SignInLocked(Duration remaining) {
            super("too many failed sign-ins");
            this.remaining = remaining;
        }

        /** Whole minutes, rounded up, at least one. */
        long minutes() {
            return Math.max(1, (remaining.toSeconds() + 59) / 60);
        }
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        // One attempt per user name at a time in this instance: parallel guesses would otherwise all pass the lock
        // check before the first failure is counted.
        Lock oneAtATime = attempts.get(attempt.getName());
        oneAtATime.lock();
        try {
            return throttled(attempt);
        } finally {
            oneAtATime.unlock();
        }
    }

    private Authentication throttled(Authentication attempt) {
        String name = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress()
                : null;
        String actor = users.find(name).map(DashboardUsers.DashboardUser::name).orElse("-");
        Optional<Duration> locked = throttle.lockedFor(name, address);
        if (locked.isPresent()) {
            audit.record(AuditEntry.of("login.failed", AuditEntry.Outcome.REFUSED)
                    .by(AuditEntry.ActorType.ANONYMOUS, actor).detail("refused unchecked: sign-in is locked"));
            throw new SignInLocked(locked.get());
        }
        try {
            Authentication signedIn = passwords.authenticate(attempt);
            throttle.succeeded(name);
            audit.record(AuditEntry.of("login.succeeded", AuditEntry.Outcome.SUCCESS)
                    .by(AuditEntry.ActorType.USER, signedIn.getName()));
            return signedIn;
        } catch (AuthenticationException refused) {
            LoginThrottle.Failure failure = throttle.failed(name, address);
            audit.record(AuditEntry.of("login.failed", AuditEntry.Outcome.REFUSED)
                    .by(AuditEntry.ActorType.ANONYMOUS, actor)
                    .detail(actor.equals("-") ? "unknown user name" : "wrong password or disabled user"));
            failure.lockedFor().ifPresent(duration -> audit.record(AuditEntry.of("login.locked",
                    AuditEntry.Outcome.REFUSED).by(AuditEntry.ActorType.SYSTEM, "login-throttle").detail(
                    "sign-in locked for " + duration.toMinutes() + " min for " + (actor.equals("-")
                            ? "an unknown user name" : "user " + actor) + " or its client address")));
            pause(failure.delay());
            if (failure.lockedFor().isPresent()) {
                throw new SignInLocked(failure.lockedFor().get());
            }
            throw new BadCredentialsException("wrong user name or password");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
