package org.iomtbridge.bridge.consent;

import org.iomtbridge.withings.Scope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Each consent with its evidence — what text, when, from where, which scopes — and its history. */
@Repository
class ConsentRecords {

    /**
     * The evidence of one consent.
     *
     * @param capturedBy     the care team member who took the patient's consent in person (a provider-managed device),
     *                       empty when the patient consented themselves at Withings
     * @param signedDocument where the signed form is kept, for example {@code DocumentReference/88}
     */
    public record Evidence(String textVersion, String textSha256, Set<Scope> scopes, String clientAddress,
                           String userAgent, Optional<String> capturedBy, Optional<String> signedDocument) {
    }

    /**
     * A consent as the care team and the patient see it: its evidence and what happened to it since.
     *
     * @param scopes the granted scopes as recorded, in Withings' spelling: {@code user.activity,user.info}
     */
    public record History(long id, String patientReference, ConsentStatus status, String textVersion, String textSha256,
                          String scopes, Instant grantedAt, Optional<String> capturedBy, Optional<String> signedDocument,
                          List<Event> events) {
    }

    public record Event(String event, String detail, Instant at) {
    }

    private final JdbcClient jdbc;

    public ConsentRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a new consent; an earlier one still active (a re-authorization) is superseded by it. */
    public long granted(String withingsUserId, String patientReference, Evidence evidence, Instant at) {
        List<Long> earlier = active(withingsUserId);
        for (long consent : earlier) {
            changeStatus(consent, ConsentStatus.SUPERSEDED, "consented again", at);
        }
        jdbc.sql("""
                        insert into consent (withings_user_id, patient_reference, status, text_version, text_sha256, scopes,
                        client_address, user_agent, captured_by, signed_document, granted_at, updated_at)
                        values (:user, :patient, :active, :version, :sha, :scopes, :address, :agent, :capturedBy,
                        :document, :at, :at)""")
                .param("user", withingsUserId).param("patient", patientReference)
                .param("active", ConsentStatus.ACTIVE.name())
                .param("version", evidence.textVersion()).param("sha", evidence.textSha256())
                .param("scopes", Scope.join(evidence.scopes())).param("address", truncate(evidence.clientAddress(), 64))
                .param("agent", truncate(evidence.userAgent(), 512))
                .param("capturedBy", evidence.capturedBy().map(name -> truncate(name, 128)).orElse(null))
                .param("document", evidence.signedDocument().orElse(null))
                .param("at", Timestamp.from(at)).update();
        long id = jdbc.sql("select max(id) from consent where withings_user_id = :user").param("user", withingsUserId)
                .query(Long.class).single();
        event(id, "GRANTED", "text version " + evidence.textVersion()
                + evidence.capturedBy().map(name -> ", captured in person by " + name).orElse("")
                + evidence.signedDocument().map(document -> ", signed form " + document).orElse(""), at);
        return id;
    }

    /** The ids of the user's consents that hold. */
    public List<Long> active(String withingsUserId) {
        return jdbc.sql("select id from consent where withings_user_id = :user and status = :active")
                .param("user", withingsUserId).param("active", ConsentStatus.ACTIVE.name()).query(Long.class).list();
    }

    /** A consent's new status, with the event of its history that tells of it. */
    public void changeStatus(long consentId, ConsentStatus status, String detail, Instant at) {
        jdbc.sql("update consent set status = :status, updated_at = :at where id = :id")
                .param("status", status.name()).param("at", Timestamp.from(at)).param("id", consentId).update();
        event(consentId, status.name(), detail, at);
    }

    /** Every consent the Withings user gave, newest first, each with its events in order. */
    public List<History> of(String withingsUserId) {
        return jdbc.sql("""
                        select id, patient_reference, status, text_version, text_sha256, scopes, granted_at, captured_by,
                        signed_document from consent where withings_user_id = :user order by id desc""")
                .param("user", withingsUserId)
                .query((row, number) -> new History(row.getLong(1), row.getString(2),
                        ConsentStatus.valueOf(row.getString(3)), row.getString(4),
                        row.getString(5), row.getString(6), row.getTimestamp(7).toInstant(),
                        Optional.ofNullable(row.getString(8)), Optional.ofNullable(row.getString(9)),
                        events(row.getLong(1))))
                .list();
    }

    private List<Event> events(long consentId) {
        return jdbc.sql("select event, detail, at from consent_event where consent_id = :id order by id")
                .param("id", consentId)
                .query((row, number) -> new Event(row.getString(1), row.getString(2), row.getTimestamp(3).toInstant()))
                .list();
    }

    public void event(long consentId, String event, String detail, Instant at) {
        jdbc.sql("insert into consent_event (consent_id, event, detail, at) values (:id, :event, :detail, :at)")
                .param("id", consentId).param("event", event).param("detail", truncate(detail, 512))
                .param("at", Timestamp.from(at)).update();
    }

    private static String truncate(String text, int max) {
        String value = text == null ? "" : text;
        return value.length() <= max ? value : value.substring(0, max);
    }
}
