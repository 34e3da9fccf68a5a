package org.iomtbridge.bridge.sync;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * What a sync asks Withings for and how often, under {@code iomt.withings.*} beside the application's own settings.
 *
 * @param backfill              how far back a new user's backfill reaches (in slices, see BackfillSlices)
 * @param cursorOverlap         each sync asks for changes since this long before the cursor: a change stored in the
 *                              same second as the previous answer is not missed; writing it again changes nothing
 * @param reconcileInterval     how often every user's measures are compared with FHIR, to find deleted and missed ones
 * @param deviceRefreshInterval how often a sync also asks for the user's devices (battery levels change slowly)
 */
@ConfigurationProperties("iomt.withings")
record SyncProperties(Duration backfill, Duration cursorOverlap, Duration reconcileInterval,
                             Duration deviceRefreshInterval) {

    public SyncProperties {
        backfill = backfill == null ? Duration.ofDays(90) : backfill;
        cursorOverlap = cursorOverlap == null ? Duration.ofMinutes(5) : cursorOverlap;
        reconcileInterval = reconcileInterval == null ? Duration.ofHours(6) : reconcileInterval;
        deviceRefreshInterval = deviceRefreshInterval == null ? Duration.ofHours(1) : deviceRefreshInterval;
    }
}
