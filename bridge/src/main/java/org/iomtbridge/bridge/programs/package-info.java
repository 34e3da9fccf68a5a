/**
 * Provider-managed devices: the care team enrolls a patient with a Withings cellular device in one step (the program
 * creates the member's Withings account and assigns the device), imports a Withings RPM program's members, ends a
 * member's program, and keeps the inventory of which device is with whom (tables program_member, program_device).
 */
@ApplicationModule(displayName = "Provider-managed devices",
        allowedDependencies = {"accounts", "audit", "consent", "fhirwrite", "shared", "sync", "web", "withings"})
package org.iomtbridge.bridge.programs;

import org.springframework.modulith.ApplicationModule;
