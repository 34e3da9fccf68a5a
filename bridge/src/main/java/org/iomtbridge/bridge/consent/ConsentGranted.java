package org.iomtbridge.bridge.consent;

/**
 * A patient consented (first time or again): their Withings user is linked to the FHIR patient and the tokens are
 * sealed. Published inside the consent's transaction, so what a listener schedules there exists if and only if the
 * consent does.
 */
public record ConsentGranted(String withingsUserId, String patientReference) {
}
