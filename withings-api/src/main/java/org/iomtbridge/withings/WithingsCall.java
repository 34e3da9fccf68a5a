package org.iomtbridge.withings;

import java.util.Arrays;
import java.util.Optional;

/**
 * The calls of the Withings API the client makes: a service path and an action. {@link #toString()} is the name
 * the client gives the call everywhere — messages, metrics, the raw answers it hands a {@link ResponseListener} —
 * for example {@code /measure getmeas}; {@link #named(String)} reads it back.
 */
public enum WithingsCall {
    MEASURE_GETMEAS(Service.MEASURE, "getmeas"),
    HEART_LIST(Service.HEART_V2, "list"),
    HEART_GET(Service.HEART_V2, "get"),
    SLEEP_GET(Service.SLEEP_V2, "get"),
    SLEEP_GETSUMMARY(Service.SLEEP_V2, "getsummary"),
    MEASURE_GETACTIVITY(Service.MEASURE_V2, "getactivity"),
    MEASURE_GETINTRADAYACTIVITY(Service.MEASURE_V2, "getintradayactivity"),
    MEASURE_GETWORKOUTS(Service.MEASURE_V2, "getworkouts"),
    USER_GETDEVICE(Service.USER_V2, "getdevice"),
    USER_GETGOALS(Service.USER_V2, "getgoals"),
    NOTIFY_SUBSCRIBE(Service.NOTIFY, "subscribe"),
    NOTIFY_GET(Service.NOTIFY, "get"),
    NOTIFY_LIST(Service.NOTIFY, "list"),
    NOTIFY_REVOKE(Service.NOTIFY, "revoke"),
    NOTIFY_UPDATE(Service.NOTIFY, "update"),
    OAUTH2_REQUESTTOKEN(Service.OAUTH2, "requesttoken"),
    OAUTH2_REVOKE(Service.OAUTH2, "revoke"),
    SIGNATURE_GETNONCE(Service.SIGNATURE, "getnonce");

    /** The services of the API, by their path. */
    private enum Service {
        MEASURE("/measure"), MEASURE_V2("/v2/measure"), HEART_V2("/v2/heart"), SLEEP_V2("/v2/sleep"),
        USER_V2("/v2/user"), NOTIFY("/notify"), OAUTH2("/v2/oauth2"), SIGNATURE("/v2/signature");

        private final String path;

        Service(String path) {
            this.path = path;
        }
    }

    private final Service service;
    private final String action;

    WithingsCall(Service service, String action) {
        this.service = service;
        this.action = action;
    }

    /** The service's path, for example {@code /v2/heart}. */
    public String path() {
        return service.path;
    }

    /** The {@code action} parameter, for example {@code get}. */
    public String action() {
        return action;
    }

    /**
     * Whether the answer carries tokens or nonces rather than data: such answers are never handed to a
     * {@link ResponseListener}.
     */
    public boolean answersWithCredentials() {
        return service == Service.OAUTH2 || service == Service.SIGNATURE;
    }

    /** The call of a name as {@link #toString()} gives it; empty for a name of no call the client makes. */
    public static Optional<WithingsCall> named(String name) {
        return Arrays.stream(values()).filter(call -> call.toString().equals(name)).findFirst();
    }

    /** The service path and the action, for example {@code /v2/heart get}. */
    @Override
    public String toString() {
        return service.path + " " + action;
    }
}
