package org.iomtbridge.emulator.notify;

import jakarta.servlet.http.HttpServletRequest;
import org.iomtbridge.emulator.api.ApiAccess;
import org.iomtbridge.emulator.api.Envelopes;
import org.iomtbridge.emulator.api.Params;
import org.iomtbridge.emulator.api.WithingsError;
import org.iomtbridge.emulator.world.SimUser;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** {@code /notify}: subscribe, get, list, revoke, update, for the authenticated user. */
@RestController
public class NotifyController {

    private static final long NEVER_EXPIRES = 2_147_483_647L;

    private final ApiAccess access;
    private final SubscriptionService subscriptions;

    public NotifyController(ApiAccess access, SubscriptionService subscriptions) {
        this.access = access;
        this.subscriptions = subscriptions;
    }

    @RequestMapping(path = "/notify", method = {RequestMethod.GET, RequestMethod.POST})
    public Map<String, Object> notify(HttpServletRequest request, @RequestParam Map<String, String> params) {
        Params call = new Params(params);
        String action = call.required("action");
        if (action.equals("list")) {
            Optional<Integer> appli = call.number("appli").map(Long::intValue);
            SimUser user = access.user(request, appli.map(NotifyController::scopeOf).orElse("user.info"));
            List<Map<String, Object>> profiles = subscriptions.list(user.userid(), appli).stream()
                    .map(NotifyController::profile).toList();
            return Envelopes.ok(Map.of("profiles", profiles));
        }
        int appli = call.number("appli").map(Long::intValue).orElseGet(() -> defaultAppli(action));
        SimUser user = access.user(request, scopeOf(appli));
        String callback = call.text("callbackurl").orElseThrow(() -> new WithingsError(293,
                SubscriptionService.BAD_CALLBACK));
        return switch (action) {
            case "subscribe" -> {
                subscriptions.subscribe(user.userid(), appli, callback, call.text("comment").orElse(""));
                yield Envelopes.ok(Map.of());
            }
            case "get" -> {
                Subscription subscription = subscriptions.get(user.userid(), appli, callback);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("appli", subscription.appli());
                body.put("callbackurl", subscription.callbackUrl());
                body.put("comment", subscription.comment());
                yield Envelopes.ok(body);
            }
            case "revoke" -> {
                subscriptions.revoke(user.userid(), appli, callback);
                yield Envelopes.ok(Map.of());
            }
            case "update" -> {
                Optional<String> newCallback = call.text("new_callbackurl");
                Optional<Integer> newAppli = call.number("new_appli").map(Long::intValue);
                Optional<String> comment = call.text("comment");
                // Withings documents each of the three as not to be used with the others.
                if (Stream.of(newCallback, newAppli, comment).filter(Optional::isPresent).count() != 1) {
                    throw WithingsError.invalidParams("give one of new_callbackurl, new_appli and comment");
                }
                subscriptions.update(user.userid(), appli, callback, newCallback, newAppli, comment);
                yield Envelopes.ok(Map.of());
            }
            default -> throw new WithingsError(2554, "Not implemented: action " + action);
        };
    }

    private static Map<String, Object> profile(Subscription subscription) {
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("appli", subscription.appli());
        profile.put("callbackurl", subscription.callbackUrl());
        profile.put("expires", NEVER_EXPIRES);
        profile.put("comment", subscription.comment());
        return profile;
    }

    /**
     * The category of a call that names none: Withings documents {@code appli} as optional for get and revoke
     * ("If no appli is specified, appli=1 will be considered"), and as required for subscribe and update.
     */
    private static int defaultAppli(String action) {
        if (action.equals("get") || action.equals("revoke")) {
            return 1;
        }
        throw WithingsError.invalidParams("missing appli");
    }

    /** The scope a user must have granted for a category. */
    static String scopeOf(int appli) {
        return switch (appli) {
            case 16, 44 -> "user.activity";
            case 46, 53 -> "user.info";
            case 50, 51, 52 -> "user.sleepevents";
            default -> "user.metrics";
        };
    }
}
