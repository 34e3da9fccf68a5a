package org.iomtbridge.bridge.withings;

import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.model.NotificationCategory;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The kinds of Withings data a sync fetches, each with its own cursor and the scope that grants it. */
public enum DataKind {
    MEASURES(Scope.USER_METRICS), ACTIVITY(Scope.USER_ACTIVITY), SLEEP_SUMMARIES(Scope.USER_ACTIVITY),
    WORKOUTS(Scope.USER_ACTIVITY), HEART(Scope.USER_METRICS), DEVICES(Scope.USER_INFO);

    /**
     * What a notification of each category can have changed. Weight, temperature and pressure, heart rate and SpO2
     * are measures; activity covers the day and its workouts; sleep the night; an ECG the recording and its measures
     * (intervals, AFib).
     */
    private static final Map<NotificationCategory, Set<DataKind>> CHANGED_BY = new EnumMap<>(NotificationCategory.class);

    static {
        CHANGED_BY.put(NotificationCategory.WEIGHT, EnumSet.of(MEASURES));
        CHANGED_BY.put(NotificationCategory.TEMPERATURE, EnumSet.of(MEASURES));
        CHANGED_BY.put(NotificationCategory.PRESSURE_HEART_RATE_SPO2, EnumSet.of(MEASURES));
        CHANGED_BY.put(NotificationCategory.ACTIVITY, EnumSet.of(ACTIVITY, WORKOUTS));
        CHANGED_BY.put(NotificationCategory.SLEEP, EnumSet.of(SLEEP_SUMMARIES));
        CHANGED_BY.put(NotificationCategory.ECG, EnumSet.of(HEART, MEASURES));
    }

    private final Scope scope;

    DataKind(Scope scope) {
        this.scope = scope;
    }

    /** The scope the user must have granted for the bridge to fetch this kind. */
    public Scope scope() {
        return scope;
    }

    /**
     * What a notification of this category can have changed: a sync asks Withings only for those. Any other category
     * asks for everything.
     */
    public static Set<DataKind> changedBy(NotificationCategory category) {
        return EnumSet.copyOf(CHANGED_BY.getOrDefault(category, EnumSet.allOf(DataKind.class)));
    }

    /** The categories that tell of a change to data the bridge fetches. */
    public static Set<NotificationCategory> categoriesWithData() {
        return Collections.unmodifiableSet(CHANGED_BY.keySet());
    }
}
