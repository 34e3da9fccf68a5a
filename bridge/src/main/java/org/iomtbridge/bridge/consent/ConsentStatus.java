package org.iomtbridge.bridge.consent;

/** Where one consent record stands; a record's changes of status are events of its history, named alike. */
enum ConsentStatus {
    /** Given and holding. */
    ACTIVE,
    /** Replaced by a later consent of the same user (a re-authorization). */
    SUPERSEDED,
    /** Ended by the patient, the care team or an unlink in Withings. */
    REVOKED
}
