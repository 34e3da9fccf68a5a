package org.iomtbridge.withings.model;

import java.util.Arrays;
import java.util.Optional;

/** The documented notification categories ({@code appli}). Unknown codes stay raw integers. */
public enum NotificationCategory {
    WEIGHT(1, "user.metrics"),
    TEMPERATURE(2, "user.metrics"),
    PRESSURE_HEART_RATE_SPO2(4, "user.metrics"),
    ACTIVITY(16, "user.activity"),
    SLEEP(44, "user.activity"),
    USER_ACTION(46, "user.info"),
    BED_IN(50, "user.sleepevents"),
    BED_OUT(51, "user.sleepevents"),
    INFLATE_DONE(52, "user.sleepevents"),
    NO_ACCOUNT_ASSOCIATED(53, "user.info"),
    ECG(54, "user.metrics"),
    ECG_FAILED(55, "user.metrics"),
    GLUCOSE(58, "user.metrics");

    private final int appli;
    private final String scope;

    NotificationCategory(int appli, String scope) {
        this.appli = appli;
        this.scope = scope;
    }

    public int appli() {
        return appli;
    }

    /** The OAuth scope a user must grant for a subscription to this category. */
    public String scope() {
        return scope;
    }

    public static Optional<NotificationCategory> fromAppli(int appli) {
        return Arrays.stream(values()).filter(value -> value.appli == appli).findFirst();
    }
}
