package org.iomtbridge.emulator.world;

/**
 * A simulated device.
 *
 * @param hashDeviceId Withings' device id (40 hex characters)
 * @param type         as getdevice names it: Scale, Blood Pressure Monitor, Activity Tracker, Sleep Monitor, Thermometer
 */
public record SimDevice(String hashDeviceId, String type, String model, int modelId, String battery,
                        long firstSessionDate) {
}
