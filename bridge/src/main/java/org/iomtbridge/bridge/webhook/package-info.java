/**
 * Notifications from Withings: the durable inbox, subscriptions checked and repaired, unlink notifications
 * confirmed at Withings before anything is revoked (table notification_inbox).
 */
@ApplicationModule(displayName = "Webhook", allowedDependencies = {"accounts", "audit", "shared", "web", "withings"})
package org.iomtbridge.bridge.webhook;

import org.springframework.modulith.ApplicationModule;
