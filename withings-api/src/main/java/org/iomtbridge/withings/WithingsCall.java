package org.iomtbridge.withings;

import java.util.Arrays;
import java.util.Map;
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
    USER_ACTIVATE(Service.USER_V2, "activate", Map.of(
            StatusFamily.INVALID_PARAMETERS, "check the member's details and the MAC addresses: each a device of your"
                    + " program, written as printed on it (00:24:e4:xx:xx:xx)",
            StatusFamily.UNAUTHORIZED, "a device is not authorized for your application, or the application has no"
                    + " cellular contract: ask Withings to authorize the device for your client id",
            StatusFamily.BAD_STATE, "a device is assigned to another member: unlink it from that member first")),
    USER_UNLINK(Service.USER_V2, "unlink", Map.of(
            StatusFamily.INVALID_PARAMETERS, "the device is not linked to this member: check its MAC address")),
    DROPSHIPMENT_CREATEUSERORDER(Service.DROPSHIPMENT_V2, "createuserorder", Map.of(
            StatusFamily.INVALID_PARAMETERS, "check the member's details and each order's address and products:"
                    + " one address the carrier does not recognize refuses the whole request (force the address to ship"
                    + " anyway), and a customer reference id serves one order only",
            StatusFamily.UNAUTHORIZED, "the application has no logistics contract for these products: ask Withings")),
    NOTIFY_SUBSCRIBE(Service.NOTIFY, "subscribe"),
    NOTIFY_GET(Service.NOTIFY, "get"),
    NOTIFY_LIST(Service.NOTIFY, "list"),
    NOTIFY_REVOKE(Service.NOTIFY, "revoke"),
    NOTIFY_UPDATE(Service.NOTIFY, "update"),
    OAUTH2_REQUESTTOKEN(Service.OAUTH2, "requesttoken"),
    OAUTH2_REVOKE(Service.OAUTH2, "revoke"),
    OAUTH2_RECOVERAUTHORIZATIONCODE(Service.OAUTH2, "recoverauthorizationcode", Map.of(
            StatusFamily.INVALID_PARAMETERS, Texts.RECOVER_ONLY_MEMBERS,
            StatusFamily.UNAUTHORIZED, Texts.RECOVER_ONLY_MEMBERS)),
    OAUTH2_LISTUSERS(Service.OAUTH2, "listusers"),
    DEVICE_ENDPARTNERPROGRAM(Service.DEVICE_V2, "endpartnerprogram", Map.of(
            StatusFamily.INVALID_PARAMETERS, "check the device's MAC address",
            StatusFamily.UNAUTHORIZED, "the device is not one of your program's devices",
            StatusFamily.BAD_STATE, "the device's SIM is terminated already: its program has ended for good")),
    SIGNATURE_GETNONCE(Service.SIGNATURE, "getnonce");

    /** Advice that several families share; apart, as enum constants cannot name a static field of their own type. */
    private static final class Texts {
        static final String RECOVER_ONLY_MEMBERS = "only a member the application created (activate, createuserorder)"
                + " can be recovered: anyone else authorizes the application again on Withings' page";
    }

    /** The services of the API, by their path. */
    private enum Service {
        MEASURE("/measure"), MEASURE_V2("/v2/measure"), HEART_V2("/v2/heart"), SLEEP_V2("/v2/sleep"),
        USER_V2("/v2/user"), NOTIFY("/notify"), OAUTH2("/v2/oauth2"), SIGNATURE("/v2/signature"),
        DROPSHIPMENT_V2("/v2/dropshipment"), DEVICE_V2("/v2/device");

        private final String path;

        Service(String path) {
            this.path = path;
        }
    }

    /** Withings does not say which status means what beyond its family; the call says what to do about each family. */
    private final Map<StatusFamily, String> advice;
    private final Service service;
    private final String action;

    WithingsCall(Service service, String action) {
        this(service, action, Map.of());
    }

    WithingsCall(Service service, String action, Map<StatusFamily, String> advice) {
        this.service = service;
        this.action = action;
        this.advice = advice;
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
        return service == Service.OAUTH2 || service == Service.SIGNATURE || this == USER_ACTIVATE
                || this == DROPSHIPMENT_CREATEUSERORDER;
    }

    /** What to do about a failure of this family: the call's own advice where it has one, else the family's. */
    static String advice(String call, StatusFamily family) {
        return named(call).map(known -> known.advice.get(family)).orElse(family.advice());
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
