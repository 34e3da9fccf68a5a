package org.iomtbridge.bridge.accounts;

/** Where a linked Withings user stands. */
public enum AccountStatus {
    /** Consented; data flows. */
    ACTIVE,
    /** The tokens stopped working: the patient must authorize again through their link. */
    REAUTHORIZATION_NEEDED,
    /** The consent was revoked: no data flows, tokens are gone. */
    REVOKED
}
