package org.iomtbridge.withings.model;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * A notification subscription of notify {@code get} or {@code list}.
 *
 * @param appli the raw category code; {@link #knownCategory()} names it
 */
public record NotificationSubscription(int appli, URI callbackUrl, Optional<String> comment, Optional<Instant> expires) {

    public Optional<NotificationCategory> knownCategory() {
        return NotificationCategory.fromAppli(appli);
    }
}
