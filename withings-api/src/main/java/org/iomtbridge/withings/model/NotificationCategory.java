package org.iomtbridge.withings.model;

import org.iomtbridge.withings.Scope;

import java.util.Arrays;
import java.util.Optional;

/** The documented notification categories ({@code appli}). Unknown codes stay raw integers. */
public enum NotificationCategory {
    WEIGHT(1, Scope.USER_METRICS),
    TEMPERATURE(2, Scope.USER_METRICS),
    PRESSURE_HEART_RATE_SPO2(4, Scope.USER_METRICS),
    ACTIVITY(16, Scope.USER_ACTIVITY),
    SLEEP(44, Scope.USER_ACTIVITY),
    USER_ACTION(46, Scope.USER_INFO),
    BED_IN(50, Scope.USER_SLEEPEVENTS),
    BED_OUT(51, Scope.USER_SLEEPEVENTS),
    INFLATE_DONE(52, Scope.USER_SLEEPEVENTS),
    NO_ACCOUNT_ASSOCIATED(53, Scope.USER_INFO),
    ECG(54, Scope.USER_METRICS),
    ECG_FAILED(55, Scope.USER_METRICS),
    GLUCOSE(58, Scope.USER_METRICS);

    private final int appli;
    private final Scope scope;

    NotificationCategory(int appli, Scope scope) {
        this.appli = appli;
        this.scope = scope;
    }

    public int appli() {
        return appli;
    }

    /** The OAuth scope a user must grant for a subscription to this category. */
    public Scope scope() {
        return scope;
    }

    public static Optional<NotificationCategory> fromAppli(int appli) {
        return Arrays.stream(values()).filter(value -> value.appli == appli).findFirst();
    }
}
