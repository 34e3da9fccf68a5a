package org.iomtbridge.withings;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The member whose Withings account the program creates (user v2 {@code activate}, dropshipment v2
 * {@code createuserorder}): the parameters Withings requires, checked as Withings documents them. The first and last
 * name are left out on purpose: Withings then uses the short name, and the program shares less about the member.
 * {@link #toString()} shows the external id only.
 *
 * @param externalId   the program's own id of the member, unique in the program
 * @param shortName    three letters or digits, shown on the devices' screens
 * @param language     the member's language as Withings writes it, for example {@code en_US}
 * @param mailingAccepted whether the member accepted Withings' commercial messages
 * @param phoneNumber  in E.164 form; Withings sends the member a code on it when they open their data in its app
 */
public record NewMember(String externalId, String email, String shortName, LocalDate birthDate, Gender gender,
                        BigDecimal heightMeters, BigDecimal weightKilograms, ZoneId timezone, String language,
                        Units units, boolean mailingAccepted, Optional<String> phoneNumber) {

    private static final Pattern SHORT_NAME = Pattern.compile("[a-zA-Z0-9]{3}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}_[A-Z]{2}");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public NewMember {
        if (Objects.requireNonNull(externalId, "externalId").isBlank()) {
            throw new IllegalArgumentException("externalId is blank: give the program's own id of the member");
        }
        if (!Objects.requireNonNull(email, "email").matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException("email is not an email address");
        }
        if (!SHORT_NAME.matcher(Objects.requireNonNull(shortName, "shortName")).matches()) {
            throw new IllegalArgumentException("shortName must be 3 letters or digits (Withings shows it on the"
                    + " devices), was '" + shortName + "'");
        }
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(gender, "gender");
        within(heightMeters, "heightMeters", new BigDecimal("0.1"), new BigDecimal("3"));
        within(weightKilograms, "weightKilograms", BigDecimal.ONE, new BigDecimal("600"));
        Objects.requireNonNull(timezone, "timezone");
        if (!LANGUAGE.matcher(Objects.requireNonNull(language, "language")).matches()) {
            throw new IllegalArgumentException("language must be as en_US, was '" + language + "'");
        }
        Objects.requireNonNull(units, "units");
        if (Objects.requireNonNull(phoneNumber, "phoneNumber").filter(number -> !E164.matcher(number).matches()).isPresent()) {
            throw new IllegalArgumentException("phoneNumber must be in E.164 form, for example +14155550123");
        }
    }

    /** The genders Withings' account takes, with their codes. */
    public enum Gender {
        MAN(0), WOMAN(1);

        private final int code;

        Gender(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /** The units the member's devices and Withings' app show. */
    public enum Units {
        METRIC("{\"weight\":1,\"height\":6,\"distance\":6,\"temperature\":11}"),
        US_CUSTOMARY("{\"weight\":2,\"height\":7,\"distance\":8,\"temperature\":13}");

        private final String json;

        Units(String json) {
            this.json = json;
        }

        String json() {
            return json;
        }
    }

    private static void within(BigDecimal value, String name, BigDecimal low, BigDecimal high) {
        if (Objects.requireNonNull(value, name).compareTo(low) < 0 || value.compareTo(high) > 0) {
            throw new IllegalArgumentException(name + " must be between " + low + " and " + high + ", was " + value);
        }
    }

    @Override
    public String toString() {
        return "NewMember[externalId=" + externalId + ", other details redacted]";
    }
}
