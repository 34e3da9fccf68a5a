package org.iomtbridge.withings;

/** The OAuth scopes of the Withings public API. */
public enum Scope {
    USER_INFO("user.info"),
    USER_METRICS("user.metrics"),
    USER_ACTIVITY("user.activity"),
    USER_SLEEPEVENTS("user.sleepevents");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    /** The scope as Withings spells it, for example {@code user.metrics}. */
    public String value() {
        return value;
    }
}
