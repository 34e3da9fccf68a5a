package org.iomtbridge.emulator.program;

import org.iomtbridge.emulator.world.SimDevice;

/**
 * A cellular device of the program, as the world file keeps it.
 *
 * @param reference       the kit's EAN or partner reference that a dropshipment order names it by; null when none
 * @param member          the member it is assigned to; null while it is the program's alone
 * @param simStatus       READY until it first measures, then ACTIVE; PENDING_TERMINATION after the end of its program,
 *                        STANDBY when that end is taken back
 * @param terminationDate when a pending termination takes effect; null otherwise
 */
record ProgramDevice(String macAddress, SimDevice device, String reference, Long member, String simStatus,
                     Long terminationDate) {

    static final String READY = "READY";
    static final String ACTIVE = "ACTIVE";
    static final String STANDBY = "STANDBY";
    static final String PENDING_TERMINATION = "PENDING_TERMINATION";
    static final String TERMINATED = "TERMINATED";

    /** The SIM's status at {@code now}: a pending termination whose date has come is a termination. */
    String simStatus(long now) {
        return PENDING_TERMINATION.equals(simStatus) && now >= terminationDate ? TERMINATED : simStatus;
    }

    boolean terminated(long now) {
        return TERMINATED.equals(simStatus(now));
    }

    ProgramDevice assignedTo(Long userid) {
        return new ProgramDevice(macAddress, device, reference, userid, simStatus, terminationDate);
    }

    ProgramDevice withSim(String status, Long date) {
        return new ProgramDevice(macAddress, device, reference, member, status, date);
    }
}
