package org.iomtbridge.bridge.webhook;

/** Where a notification in the inbox stands. */
enum InboxStatus {
    /** Valid, of a linked user: a sync will run for it. */
    PENDING,
    /** Valid, but of no linked user: kept for the operator. */
    UNKNOWN_USER,
    /** Not a Withings notification: kept with the reason. */
    REJECTED,
    /**
     * A user action ({@code unlink}, {@code delete}) Withings did not confirm: it still accepted the user's token, so
     * nothing was revoked. Posted again, it is checked again.
     */
    UNCONFIRMED,
    /** A sync covered it. */
    PROCESSED
}
