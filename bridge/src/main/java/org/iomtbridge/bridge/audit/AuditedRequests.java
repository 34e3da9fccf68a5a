package org.iomtbridge.bridge.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Records every admin API call and every dashboard page or change in the audit trail: who (the authenticated caller,
 * or anonymous when refused), the route, the status, and whose data the route names. It sits in the security filter
 * chains right after the security context is loaded, so it sees the caller the later filters authenticated and the
 * answer the later ones gave, refusals included.
 */
public final class AuditedRequests extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuditedRequests.class);
    /**
     * The pipeline page polls its counts every few seconds, and sign-ins are recorded as sign-ins with their outcome;
     * metrics scrapes and the API description, behind the same doors, show no one's data.
     */
    private static final Set<String> UNRECORDED = Set.of("/dashboard/pipeline/live", "/login");
    private static final int MAX_SHOWN_PATH = 200;

    private final AuditTrail trail;

    public AuditedRequests(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Who it was before the request, for the one request that ends its own sign-in: logout.
        AuditEntry.Actor before = caller();
        try {
            chain.doFilter(request, response);
        } finally {
            String path = request.getRequestURI();
            if ((path.startsWith("/api/") || path.startsWith("/dashboard") || path.equals("/logout"))
                    && !UNRECORDED.contains(path) && !"OPTIONS".equals(request.getMethod())) {
                AuditEntry.Actor after = caller();
                record(request, response.getStatus(),
                        after.type() == AuditEntry.ActorType.ANONYMOUS ? before : after);
            }
        }
    }

    private void record(HttpServletRequest request, int status, AuditEntry.Actor actor) {
        boolean reads = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        String area = request.getRequestURI().startsWith("/api/") ? "api" : "dashboard";
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String route = pattern != null ? pattern.toString() : shown(request.getRequestURI());
        AuditEntry entry = AuditEntry.of(area + (reads ? ".read" : ".change"), outcome(status))
                .by(actor.type(), actor.name())
                .detail(request.getMethod() + " " + route + " " + status);
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            if (variables.get("withingsUserId") instanceof String user) {
                entry = entry.withingsUser(user);
            }
            if (route.startsWith("/dashboard/patients/") && variables.get("id") instanceof String patient) {
                entry = entry.patient("Patient/" + patient);
            }
        }
        try {
            trail.record(entry);
        } catch (RuntimeException e) {
            LOG.error("The audit trail could not record {} {}: {}", request.getMethod(), route, e.getMessage());
        }
    }

    static AuditEntry.Actor caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !authentication.isAuthenticated()) {
            return new AuditEntry.Actor(AuditEntry.ActorType.ANONYMOUS, "-");
        }
        return new AuditEntry.Actor(authentication.getPrincipal() instanceof UserDetails
                ? AuditEntry.ActorType.USER : AuditEntry.ActorType.API_CLIENT, authentication.getName());
    }

    private static AuditEntry.Outcome outcome(int status) {
        return status < 400 ? AuditEntry.Outcome.SUCCESS
                : status < 500 ? AuditEntry.Outcome.REFUSED : AuditEntry.Outcome.FAILED;
    }

    private static String shown(String path) {
        return path.length() > MAX_SHOWN_PATH ? path.substring(0, MAX_SHOWN_PATH) + "…" : path;
    }
}
