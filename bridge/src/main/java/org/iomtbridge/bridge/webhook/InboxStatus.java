package org.iomtbridge.bridge.webhook;

/** Where a notification in the inbox stands. */
public enum InboxStatus {
    /** Valid, of a linked user: a sync will run for it. */
    PENDING,
    /** Valid, but of no linked user: kept for the operator. */
    UNKNOWN_USER,
    /** Not a Withings notification: kept with the reason. */
    REJECTED,
    /** A sync covered it. */
    PROCESSED
}
