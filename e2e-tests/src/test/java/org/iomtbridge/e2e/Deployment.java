package org.iomtbridge.e2e;

import org.iomtbridge.bridge.support.Browser;

/**
 * A running system as the people around it reach it: patients and the care team at the bridge's public origin, with
 * the admin API key it was started with, and Withings (the emulator) at its own URL.
 */
interface Deployment {

    /** Where patients, Withings and the care team reach the bridge. */
    String publicUrl(String path);

    String emulatorUrl();

    /** The admin API key the bridge was started with (only its hash was handed over). */
    String apiKey();

    /** A browser of its own that keeps cookies. */
    Browser browser(String userAgent);
}
