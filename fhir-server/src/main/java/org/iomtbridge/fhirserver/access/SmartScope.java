package org.iomtbridge.fhirserver.access;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART on FHIR scope that this server honours: {@code system/} or {@code user/}, a resource type or {@code *},
 * and what it allows — SMART v1 ({@code read}, {@code write}, {@code *}) or v2 ({@code c r u d s}, in that order, for
 * example {@code cruds} or {@code rs}). {@code patient/} scopes grant nothing here: the server has no launch context
 * that would say which patient.
 *
 * @param resourceType a FHIR resource type, or {@code *} for all of them
 */
record SmartScope(String resourceType, boolean read, boolean create, boolean update, boolean delete) {

    private static final Pattern SCOPE = Pattern.compile("(system|user)/([A-Z][A-Za-z]*|\\*)\\.(read|write|\\*|c?r?u?d?s?)");

    static Optional<SmartScope> parse(String scope) {
        Matcher matcher = SCOPE.matcher(scope);
        if (!matcher.matches() || matcher.group(3).isEmpty()) {
            return Optional.empty();
        }
        String type = matcher.group(2);
        String permissions = matcher.group(3);
        return Optional.of(switch (permissions) {
            case "read" -> new SmartScope(type, true, false, false, false);
            case "write" -> new SmartScope(type, false, true, true, true);
            case "*" -> new SmartScope(type, true, true, true, true);
            // HAPI's rules do not tell a read from a search: either letter lets the client read.
            default -> new SmartScope(type, permissions.contains("r") || permissions.contains("s"),
                    permissions.contains("c"), permissions.contains("u"), permissions.contains("d"));
        });
    }

    boolean allResources() {
        return resourceType.equals("*");
    }
}
