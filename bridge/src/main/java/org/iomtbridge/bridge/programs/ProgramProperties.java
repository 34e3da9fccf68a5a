package org.iomtbridge.bridge.programs;

import org.iomtbridge.withings.NewMember;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;

/**
 * The Withings accounts a program creates for its members, under {@code iomt.programs.*}.
 *
 * @param memberEmailDomain the domain of the address each member's account is created with when the care team gives
 *                          none ({@code <random>@domain}): a domain the provider controls, since Withings writes to it
 * @param language          the language of the member's devices and of Withings' messages, as {@code en_US}
 * @param units             what the devices show: {@code METRIC} or {@code US_CUSTOMARY}
 * @param timezone          the members' time zone when the care team gives none
 */
@ConfigurationProperties("iomt.programs")
public record ProgramProperties(String memberEmailDomain, String language, NewMember.Units units, ZoneId timezone) {

    public ProgramProperties {
        memberEmailDomain = memberEmailDomain == null || memberEmailDomain.isBlank() ? "members.iomt-bridge.invalid"
                : memberEmailDomain;
        language = language == null || language.isBlank() ? "en_US" : language;
        units = units == null ? NewMember.Units.METRIC : units;
        timezone = timezone == null ? ZoneId.of("UTC") : timezone;
    }
}
