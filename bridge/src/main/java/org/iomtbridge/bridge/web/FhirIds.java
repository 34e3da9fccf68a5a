package org.iomtbridge.bridge.web;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a FHIR resource id may be (FHIR R4: 1 to 64 letters, digits, '-' and '.'). Every id from a URL is checked
 * against it before it reaches the FHIR server, so that no query, path or format rides along with one.
 */
public final class FhirIds {

    public static final String ID = "[A-Za-z0-9\\-.]{1,64}";
    public static final String NOT_AN_ID = "is not a FHIR id: 1 to 64 letters, digits, '-' or '.'";

    private static final Pattern PATIENT = Pattern.compile("Patient/" + ID);

    private FhirIds() {
    }

    /** The Patient reference a caller gave, {@code Patient/123} or a bare id taken as one; empty when it is neither. */
    public static Optional<String> patientReference(String given) {
        String reference = given == null ? "" : given.trim();
        if (!reference.isEmpty() && !reference.contains("/")) {
            reference = "Patient/" + reference;
        }
        return PATIENT.matcher(reference).matches() ? Optional.of(reference) : Optional.empty();
    }
}
