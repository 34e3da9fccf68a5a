package org.iomtbridge.bridge.enrollment;

import org.iomtbridge.bridge.web.WebProperties;
import org.iomtbridge.bridge.shared.SecretTokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Enrollment links and the OAuth states of the trips they start. Tokens are random, single-use and expiring, and kept
 * only as their SHA-256: a database dump opens no link.
 */
@Repository
public class Enrollments {

    /** A new link: its token is in the URL only. */
    public record Created(long id, String link, Instant expiresAt) {
    }

    /**
     * An enrollment that can still be used.
     *
     * @param newPatient the FHIR JSON of the Patient to create on consent (self-enrollment)
     */
    public record Open(long id, String patientReference, Optional<String> newPatient) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final EnrollmentProperties properties;
    private final WebProperties web;

    public Enrollments(JdbcClient jdbc, Clock clock, EnrollmentProperties properties, WebProperties web) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        this.web = web;
    }

    public Created create(String patientReference) {
        return create(patientReference, null);
    }

    /** A link of self-enrollment: the Patient, given as FHIR JSON, is created once its patient consented. */
    public Created createForNewPatient(String patientReference, String patientJson) {
        return create(patientReference, patientJson);
    }

    private Created create(String patientReference, String newPatient) {
        String token = SecretTokens.newToken();
        Instant now = clock.instant();
        Instant expires = now.plus(properties.linkLifetime());
        jdbc.sql("""
                        insert into enrollment (token_hash, patient_reference, new_patient, created_at, expires_at)
                        values (:hash, :patient, :newPatient, :now, :expires)""")
                .param("hash", SecretTokens.hash(token)).param("patient", patientReference).param("newPatient", newPatient)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(expires)).update();
        long id = jdbc.sql("select id from enrollment where token_hash = :hash").param("hash", SecretTokens.hash(token))
                .query(Long.class).single();
        return new Created(id, web.publicBaseUrl() + "/enroll/" + token, expires);
    }

    /** The enrollment of a link token, if it is neither used nor expired. */
    public Optional<Open> open(String token) {
        return jdbc.sql("""
                        select id, patient_reference, new_patient from enrollment
                        where token_hash = :hash and used_at is null and expires_at > :now""")
                .param("hash", SecretTokens.hash(token)).param("now", Timestamp.from(clock.instant()))
                .query((row, number) -> openOf(row, 1)).optional();
    }

    /**
     * One trip to Withings' page: the OAuth state, and the key the browser that starts the trip keeps in a cookie. Both
     * are in the browser only; the bridge keeps their hashes.
     */
    public record Trip(String state, String browserKey) {
    }

    /** What a callback's state comes to. */
    public sealed interface Callback {
    }

    /** The trip may finish: the state is spent, and the enrollment it belongs to is still open. */
    public record Ready(Open enrollment) implements Callback {
    }

    /** The state is unknown, expired or already spent; or its enrollment expired. */
    public record UnknownState() implements Callback {
    }

    /** The state is valid, but the browser did not start the trip: it lacks the key. The state stays unspent. */
    public record OtherBrowser(String patientReference) implements Callback {
    }

    /** The state is spent, but its enrollment link was used meanwhile, by another trip. */
    public record LinkUsed(String patientReference) implements Callback {
    }

    /** The enrollment link was spent by another callback first; nothing of this one may be kept. */
    public static final class LinkAlreadyUsed extends RuntimeException {

        public LinkAlreadyUsed(long enrollmentId) {
            super("enrollment " + enrollmentId + " was already used");
        }
    }

    /** A single-use trip for the enrollment; only the hashes of its state and browser key are kept. */
    public Trip newTrip(long enrollmentId) {
        Trip trip = new Trip(SecretTokens.newToken(), SecretTokens.newToken());
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into oauth_state (state_hash, browser_hash, enrollment_id, created_at, expires_at)
                        values (:hash, :browser, :enrollment, :now, :expires)""")
                .param("hash", SecretTokens.hash(trip.state())).param("browser", SecretTokens.hash(trip.browserKey()))
                .param("enrollment", enrollmentId).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.stateLifetime()))).update();
        return trip;
    }

    /**
     * Spends a state presented with the browser's key. A state is spent once: of two callbacks with it, one finds it
     * {@link Ready}. A wrong or missing key leaves the state unspent, so the browser that started can still finish.
     */
    public Callback spendState(String state, Optional<String> browserKey) {
        if (state == null || state.isBlank()) {
            return new UnknownState();
        }
        Timestamp now = Timestamp.from(clock.instant());
        String hash = SecretTokens.hash(state);
        Optional<StateRow> row = jdbc.sql("""
                        select s.browser_hash, e.id, e.patient_reference, e.new_patient, e.used_at, e.expires_at
                        from oauth_state s join enrollment e on e.id = s.enrollment_id
                        where s.state_hash = :hash and s.used_at is null and s.expires_at > :now""")
                .param("hash", hash).param("now", now)
                .query((result, number) -> new StateRow(Optional.ofNullable(result.getString(1)),
                        openOf(result, 2), result.getTimestamp(5) != null, result.getTimestamp(6).after(now)))
                .optional();
        if (row.isEmpty()) {
            return new UnknownState();
        }
        if (!SecretTokens.sameHash(row.get().browserHash(), browserKey)) {
            return new OtherBrowser(row.get().enrollment().patientReference());
        }
        int spent = jdbc.sql("update oauth_state set used_at = :now where state_hash = :hash and used_at is null")
                .param("now", now).param("hash", hash).update();
        if (spent == 0 || !row.get().enrollmentLive()) {
            return new UnknownState();
        }
        return row.get().enrollmentUsed() ? new LinkUsed(row.get().enrollment().patientReference())
                : new Ready(row.get().enrollment());
    }

    private record StateRow(Optional<String> browserHash, Open enrollment, boolean enrollmentUsed,
                            boolean enrollmentLive) {
    }

    /** The enrollment from the row's columns, starting at {@code first}: id, patient reference, new patient. */
    private static Open openOf(java.sql.ResultSet row, int first) throws java.sql.SQLException {
        return new Open(row.getLong(first), row.getString(first + 1), Optional.ofNullable(row.getString(first + 2)));
    }

    /**
     * Spends the enrollment link, once: of two concurrent callbacks on one link, only the first transaction to spend it
     * goes on; the other gets {@link LinkAlreadyUsed}, which rolls back what it did.
     */
    public void spend(long enrollmentId) {
        int spent;
        try {
            spent = jdbc.sql("update enrollment set used_at = :now where id = :id and used_at is null")
                    .param("now", Timestamp.from(clock.instant())).param("id", enrollmentId).update();
        } catch (org.springframework.dao.PessimisticLockingFailureException e) {
            // The other callback holds the link's row for longer than the database waits: it is the one spending it.
            throw new LinkAlreadyUsed(enrollmentId);
        }
        if (spent == 0) {
            throw new LinkAlreadyUsed(enrollmentId);
        }
    }
}
