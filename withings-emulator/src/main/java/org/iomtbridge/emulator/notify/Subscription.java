package org.iomtbridge.emulator.notify;

/** A notification subscription of one user: a callback URL for one category ({@code appli}). */
public record Subscription(long userid, int appli, String callbackUrl, String comment) {
}
