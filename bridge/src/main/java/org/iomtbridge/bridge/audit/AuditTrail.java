package org.iomtbridge.bridge.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.sql.Timestamp;
import java.time.Clock;
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

    private static AuditEntry.Actor requestActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            return new AuditEntry.Actor(RequestContextHolder.getRequestAttributes() == null
                    ? AuditEntry.ActorType.SYSTEM : AuditEntry.ActorType.ANONYMOUS, "-");
        }
        boolean signedIn = authentication.getPrincipal() instanceof org.springframework.security.core.userdetails.UserDetails;
        return new AuditEntry.Actor(signedIn ? AuditEntry.ActorType.USER : AuditEntry.ActorType.API_CLIENT,
                authentication.getName());
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
