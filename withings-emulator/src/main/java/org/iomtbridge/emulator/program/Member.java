package org.iomtbridge.emulator.program;

/** A user whose account the program created (activate, createuserorder): "fully owned" by its client. */
record Member(long userid, String clientId, String externalId) {
}
