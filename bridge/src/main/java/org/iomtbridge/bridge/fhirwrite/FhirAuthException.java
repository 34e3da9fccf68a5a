package org.iomtbridge.bridge.fhirwrite;

/**
 * The bridge could not get the credentials the FHIR server wants: the token endpoint refused it or did not answer.
 * The message says which setting to check; it never holds a secret.
 */
final class FhirAuthException extends RuntimeException {

    FhirAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
