package org.iomtbridge.bridge.enrollment;

import org.iomtbridge.bridge.BridgeProperties;
import org.iomtbridge.bridge.SecretTokens;
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
    private final BridgeProperties properties;

    public Enrollments(JdbcClient jdbc, Clock clock, BridgeProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
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
        Instant expires = now.plus(properties.enrollment().linkLifetime());
        jdbc.sql("""
                        insert into enrollment (token_hash, patient_reference, new_patient, created_at, expires_at)
                        values (:hash, :patient, :newPatient, :now, :expires)""")
                .param("hash", SecretTokens.hash(token)).param("patient", patientReference).param("newPatient", newPatient)
                .param("now", Timestamp.from(now)).param("expires", Timestamp.from(expires)).update();
        long id = jdbc.sql("select id from enrollment where token_hash = :hash").param("hash", SecretTokens.hash(token))
                .query(Long.class).single();
        return new Created(id, properties.publicBaseUrl() + "/enroll/" + token, expires);
    }

    /** The enrollment of a link token, if it is neither used nor expired. */
    public Optional<Open> open(String token) {
        return jdbc.sql("""
                        select id, patient_reference, new_patient from enrollment
                        where token_hash = :hash and used_at is null and expires_at > :now""")
                .param("hash", SecretTokens.hash(token)).param("now", Timestamp.from(clock.instant()))
                .query(Enrollments::openOf).optional();
    }

    /** A single-use state for one trip to Withings' page; only its hash is kept. */
    public String newState(long enrollmentId) {
        String state = SecretTokens.newToken();
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into oauth_state (state_hash, enrollment_id, created_at, expires_at)
                        values (:hash, :enrollment, :now, :expires)""")
                .param("hash", SecretTokens.hash(state)).param("enrollment", enrollmentId).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(properties.enrollment().stateLifetime()))).update();
        return state;
    }

    /**
     * Spends a state: the enrollment it belongs to, if the state is known, unused and unexpired, and its enrollment
     * still open. A second use of the same state finds nothing.
     */
    public Optional<Open> spendState(String state) {
        if (state == null || state.isBlank()) {
            return Optional.empty();
        }
        Timestamp now = Timestamp.from(clock.instant());
        int spent = jdbc.sql("""
                        update oauth_state set used_at = :now
                        where state_hash = :hash and used_at is null and expires_at > :now""")
                .param("now", now).param("hash", SecretTokens.hash(state)).update();
        if (spent == 0) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select e.id, e.patient_reference, e.new_patient from oauth_state s join enrollment e on e.id = s.enrollment_id
                        where s.state_hash = :hash and e.used_at is null and e.expires_at > :now""")
                .param("hash", SecretTokens.hash(state)).param("now", now)
                .query(Enrollments::openOf).optional();
    }

    private static Open openOf(java.sql.ResultSet row, int number) throws java.sql.SQLException {
        return new Open(row.getLong(1), row.getString(2), Optional.ofNullable(row.getString(3)));
    }

    public void markUsed(long enrollmentId) {
        jdbc.sql("update enrollment set used_at = :now where id = :id")
                .param("now", Timestamp.from(clock.instant())).param("id", enrollmentId).update();
    }
}
