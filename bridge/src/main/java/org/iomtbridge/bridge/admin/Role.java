package org.iomtbridge.bridge.admin;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a dashboard user or an admin API caller may do. Each has a set of roles; {@link AdminSecurity} says which role
 * each page and call needs.
 */
public enum Role {
    /** Patients and their data: the patients' pages, charts and ECGs, enrollment, consents, erasures. */
    CARE_TEAM("iomt.care-team"),
    /** The pipeline: its page, dead letters, replay, discard, remap, metrics; no clinical data pages. */
    OPERATOR("iomt.operator"),
    /** Users, API keys and the audit trail. */
    ADMINISTRATOR("iomt.administrator");

    private final String scope;

    Role(String scope) {
        this.scope = scope;
    }

    /** The OAuth2 scope that grants this role to a JWT caller of the admin API. */
    public String scope() {
        return scope;
    }

    /** The Spring Security authority that stands for this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** As kept in the database: names, comma-separated, in a fixed order. */
    static String format(Set<Role> roles) {
        return roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
    }

    static Set<Role> parse(String stored) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(stored.split(",")).map(String::trim).filter(name -> !name.isEmpty())
                .forEach(name -> roles.add(Role.valueOf(name)));
        return roles;
    }

    /**
     * Roles as a caller names them, such as {@code ["CARE_TEAM", "operator"]}.
     *
     * @throws IllegalArgumentException naming the roles there are, for an unknown one or none
     */
    static Set<Role> named(Collection<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("give at least one role: " + Arrays.toString(values()));
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            try {
                roles.add(Role.valueOf(name == null ? "" : name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("no role " + name + ": the roles are " + Arrays.toString(values()));
            }
        }
        return roles;
    }
}
