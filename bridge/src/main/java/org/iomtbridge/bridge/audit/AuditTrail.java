package org.iomtbridge.bridge.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appends to the audit trail. Within a transaction the record commits or rolls back with what it records. The actor
 * is whoever the request authenticated (a dashboard user, an API client), unless the entry names one; the client
 * address is the request's, as the proxy forwarded it.
 */
@Service
public class AuditTrail {

    private static final int MAX_DETAIL = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;

    public AuditTrail(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(AuditEntry entry) {
        AuditEntry.Actor actor = entry.actor().orElseGet(AuditTrail::requestActor);
        jdbc.sql("""
                        insert into audit_event (occurred_at, actor_type, actor, client_address, action, outcome, patient,
                                                 withings_user_id, detail)
                        values (:at, :actorType, :actor, :address, :action, :outcome, :patient, :user, :detail)""")
                .param("at", Timestamp.from(clock.instant()))
                .param("actorType", actor.type().name())
                .param("actor", clip(actor.name(), 128))
                .param("address", clientAddress().orElse(null))
                .param("action", entry.action())
                .param("outcome", entry.outcome().name())
                .param("patient", entry.patient().map(patient -> clip(patient, 128)).orElse(null))
                .param("user", entry.withingsUserId().orElse(null))
                .param("detail", entry.detail().map(detail -> clip(detail, MAX_DETAIL)).orElse(null))
                .update();
    }

    /** The records that match, newest first. */
    public List<AuditRecord> search(AuditQuery query) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        String where = where(query, parameters);
        parameters.put("limit", query.size());
        parameters.put("offset", (long) query.page() * query.size());
        return jdbc.sql("select * from audit_event" + where + " order by id desc limit :limit offset :offset")
                .params(parameters).query(AuditTrail::read).list();
    }

    public long count(AuditQuery query) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        return jdbc.sql("select count(*) from audit_event" + where(query, parameters)).params(parameters)
                .query(Long.class).single();
    }

    /** The records after {@code id}, oldest first: what an export has not sent yet. */
    public List<AuditRecord> after(long id, int limit) {
        return jdbc.sql("select * from audit_event where id > :id order by id limit :limit")
                .param("id", id).param("limit", limit).query(AuditTrail::read).list();
    }

    private static String where(AuditQuery query, Map<String, Object> parameters) {
        List<String> conditions = new ArrayList<>();
        query.actor().ifPresent(actor -> {
            conditions.add("actor = :actor");
            parameters.put("actor", actor);
        });
        query.action().ifPresent(action -> {
            conditions.add("action = :action");
            parameters.put("action", action);
        });
        query.patient().ifPresent(patient -> {
            conditions.add("patient = :patient");
            parameters.put("patient", patient);
        });
        query.withingsUserId().ifPresent(user -> {
            conditions.add("withings_user_id = :user");
            parameters.put("user", user);
        });
        query.from().ifPresent(from -> {
            conditions.add("occurred_at >= :from");
            parameters.put("from", Timestamp.from(from));
        });
        query.to().ifPresent(to -> {
            conditions.add("occurred_at < :to");
            parameters.put("to", Timestamp.from(to));
        });
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    private static AuditRecord read(ResultSet row, int number) throws SQLException {
        return new AuditRecord(row.getLong("id"), row.getTimestamp("occurred_at").toInstant(),
                row.getString("actor_type"), row.getString("actor"), row.getString("client_address"),
                row.getString("action"), row.getString("outcome"), row.getString("patient"),
                row.getString("withings_user_id"), row.getString("detail"));
    }

    /** Who is acting now: the caller of the request being answered, or the bridge itself outside a request. */
    public static AuditEntry.Actor currentActor() {
        return requestActor();
    }

    private static AuditEntry.Actor requestActor() {
        return RequestContextHolder.getRequestAttributes() == null
                ? new AuditEntry.Actor(AuditEntry.ActorType.SYSTEM, "iomt-bridge") : AuditedRequests.caller();
    }

    private static Optional<String> clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            return Optional.ofNullable(request.getRemoteAddr());
        }
        return Optional.empty();
    }

    private static String clip(String text, int max) {
        String cleaned = text.replaceAll("\\p{Cntrl}", " ");
        return cleaned.length() > max ? cleaned.substring(0, max - 1) + "…" : cleaned;
    }
}
