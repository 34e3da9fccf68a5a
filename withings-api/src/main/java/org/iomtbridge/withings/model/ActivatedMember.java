package org.iomtbridge.withings.model;

import java.util.List;

/**
 * The answer of user v2 {@code activate}: the member's account exists and the devices are theirs. Withings gives no
 * user id here: it comes with the tokens the code is exchanged for. {@link #toString()} never shows the code.
 *
 * @param externalId       the program's own id of the member, as sent
 * @param authorizationCode exchange it for the member's tokens within 10 minutes; it works once
 */
public record ActivatedMember(String externalId, String authorizationCode, List<LinkedDevice> devices) {

    public ActivatedMember {
        devices = List.copyOf(devices);
    }

    @Override
    public String toString() {
        return "ActivatedMember[externalId=" + externalId + ", authorizationCode=redacted, devices=" + devices + "]";
    }
}
