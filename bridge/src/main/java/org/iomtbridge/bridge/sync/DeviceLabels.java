package org.iomtbridge.bridge.sync;

import org.hl7.fhir.r4.model.Device;

/**
 * What the bridge knows of a device beyond Withings' answers, added to its FHIR Device each time the sync writes it:
 * the module that handed the device out (a program's MAC address) provides it.
 */
public interface DeviceLabels {

    /** Adds what is known of this device, as Withings names it (its identifier of system withings-device). */
    void label(Device device);
}
