package org.iomtbridge.bridge.webhook;

import org.iomtbridge.withings.model.NotificationCategory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A notification as Withings posts it: {@code userid, appli, startdate, enddate} for measures and sleep, {@code date}
 * for activity, {@code action} for user actions. {@link #parse} accepts exactly the documented shape, within the range
 * a device can have measured (not before 2000, not in the future beyond a time zone's lead and some clock skew), and
 * says precisely what else it got. Every accepted field fits its inbox column.
 */
record Notification(String userId, NotificationCategory category, OptionalLong startDate, OptionalLong endDate,
                           Optional<LocalDate> day, Optional<String> action) {

    private static final Pattern USER_ID = Pattern.compile("\\d{1,20}");
    private static final Pattern EPOCH = Pattern.compile("\\d{1,12}");
    private static final Pattern ACTION = Pattern.compile("[a-z_]{1,32}");
    private static final LocalDate EARLIEST_DAY = LocalDate.of(2000, 1, 1);
    private static final Instant EARLIEST = EARLIEST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    /** Devices cannot measure the future; a local day runs up to 14 h ahead of UTC, and clocks drift. */
    private static final Duration FUTURE_ALLOWANCE = Duration.ofDays(2);

    /** The notification, or what is wrong with the form. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(Notification notification) implements Parsed {
    }

    public record Invalid(String problem) implements Parsed {
    }

    /** @param now the time of arrival, which no date of a real notification is far beyond */
    public static Parsed parse(Map<String, String> form, Instant now) {
        Instant latest = now.plus(FUTURE_ALLOWANCE);
        String userId = form.get("userid");
        if (userId == null || userId.isBlank()) {
            return new Invalid("userid is missing");
        }
        if (!USER_ID.matcher(userId).matches()) {
            return new Invalid("userid must be digits, was " + shown(userId));
        }
        String appliText = form.get("appli");
        if (appliText == null || appliText.isBlank()) {
            return new Invalid("appli is missing");
        }
        int appli;
        try {
            appli = Integer.parseInt(appliText);
        } catch (NumberFormatException e) {
            return new Invalid("appli must be a number, was " + shown(appliText));
        }
        Optional<NotificationCategory> category = NotificationCategory.fromAppli(appli);
        if (category.isEmpty()) {
            return new Invalid("appli " + appli + " is not a Withings notification category");
        }
        OptionalLong start = OptionalLong.empty();
        OptionalLong end = OptionalLong.empty();
        for (String field : new String[] {"startdate", "enddate"}) {
            String value = form.get(field);
            if (value != null && !value.isBlank()) {
                if (!EPOCH.matcher(value).matches()) {
                    return new Invalid(field + " must be an epoch second, was " + shown(value));
                }
                long epoch = Long.parseLong(value);
                if (epoch < EARLIEST.getEpochSecond() || epoch > latest.getEpochSecond()) {
                    return new Invalid(field + " must be an epoch second between " + EARLIEST.getEpochSecond() + " ("
                            + EARLIEST + ") and " + latest.getEpochSecond() + " (now + " + FUTURE_ALLOWANCE.toDays()
                            + " days), was " + epoch);
                }
                if (field.equals("startdate")) {
                    start = OptionalLong.of(epoch);
                } else {
                    end = OptionalLong.of(epoch);
                }
            }
        }
        if (start.isPresent() && end.isPresent() && end.getAsLong() < start.getAsLong()) {
            return new Invalid("enddate " + end.getAsLong() + " is before startdate " + start.getAsLong());
        }
        Optional<LocalDate> day = Optional.empty();
        String date = form.get("date");
        if (date != null && !date.isBlank()) {
            try {
                day = Optional.of(LocalDate.parse(date));
            } catch (DateTimeParseException e) {
                return new Invalid("date must be YYYY-MM-DD, was " + shown(date));
            }
            LocalDate latestDay = LocalDate.ofInstant(latest, ZoneOffset.UTC);
            if (day.get().isBefore(EARLIEST_DAY) || day.get().isAfter(latestDay)) {
                return new Invalid("date must be between " + EARLIEST_DAY + " and " + latestDay + ", was " + shown(date));
            }
        }
        Optional<String> action = Optional.ofNullable(form.get("action")).filter(value -> !value.isBlank());
        if (action.isPresent() && !ACTION.matcher(action.get()).matches()) {
            return new Invalid("action must be a word such as unlink, was " + shown(action.get()));
        }
        return new Valid(new Notification(userId, category.get(), start, end, day, action));
    }

    /** The notification's identity: the same one posted again has the same key. */
    String identity() {
        return userId + "|" + category.appli() + "|" + text(startDate) + "|" + text(endDate) + "|"
                + day.map(LocalDate::toString).orElse("") + "|" + action.orElse("");
    }

    private static String text(OptionalLong value) {
        return value.isPresent() ? String.valueOf(value.getAsLong()) : "";
    }

    private static String shown(String value) {
        String cleaned = value.replaceAll("\\p{Cntrl}", "?");
        return "'" + (cleaned.length() > 40 ? cleaned.substring(0, 40) + "…" : cleaned) + "'";
    }
}
