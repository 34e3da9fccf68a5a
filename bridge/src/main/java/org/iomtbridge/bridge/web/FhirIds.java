package org.iomtbridge.bridge.web;

/**
 * What a FHIR resource id may be (FHIR R4: 1 to 64 letters, digits, '-' and '.'). Every id from a URL is checked
 * against it before it reaches the FHIR server, so that no query, path or format rides along with one.
 */
public final class FhirIds {

    public static final String ID = "[A-Za-z0-9\\-.]{1,64}";
    public static final String NOT_AN_ID = "is not a FHIR id: 1 to 64 letters, digits, '-' or '.'";

    private FhirIds() {
    }
}
