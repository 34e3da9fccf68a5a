package org.iomtbridge.bridge.sync;

/** The kinds of Withings data a sync fetches, each with its own cursor. */
public enum DataKind {
    MEASURES, ACTIVITY, SLEEP_SUMMARIES, WORKOUTS, HEART, DEVICES
}
