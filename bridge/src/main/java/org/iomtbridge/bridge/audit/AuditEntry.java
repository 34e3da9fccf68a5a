package org.iomtbridge.bridge.audit;

import java.util.Optional;

/**
 * One thing that happened, for the audit trail: what ({@code action}, such as {@code consent.revoked}), how it ended,
 * whose data it concerned, and a short detail. Who did it and from where the {@link AuditTrail} takes from the request,
 * unless {@link #by} names the actor. A detail never holds a secret: no token, key, password or link.
 */
public record AuditEntry(String action, Outcome outcome, Optional<Actor> actor, Optional<String> patient,
                         Optional<String> withingsUserId, Optional<String> detail) {

    /** How the action ended. */
    public enum Outcome { SUCCESS, REFUSED, FAILED }

    /** Who acts when no one is signed in: a patient through their link, Withings through the webhook, the bridge. */
    public record Actor(ActorType type, String name) {
    }

    public enum ActorType { USER, API_CLIENT, PATIENT, WITHINGS, SYSTEM, ANONYMOUS }

    public static AuditEntry of(String action, Outcome outcome) {
        return new AuditEntry(action, outcome, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public AuditEntry by(ActorType type, String name) {
        return new AuditEntry(action, outcome, Optional.of(new Actor(type, name)), patient, withingsUserId, detail);
    }

    public AuditEntry patient(String reference) {
        return new AuditEntry(action, outcome, actor, Optional.ofNullable(reference), withingsUserId, detail);
    }

    public AuditEntry withingsUser(String id) {
        return new AuditEntry(action, outcome, actor, patient, Optional.ofNullable(id), detail);
    }

    public AuditEntry detail(String text) {
        return new AuditEntry(action, outcome, actor, patient, withingsUserId, Optional.ofNullable(text));
    }
}
