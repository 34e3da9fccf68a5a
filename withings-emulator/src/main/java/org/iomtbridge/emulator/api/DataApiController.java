package org.iomtbridge.emulator.api;

import jakarta.servlet.http.HttpServletRequest;
import org.iomtbridge.emulator.EmulatorProperties;
import org.iomtbridge.emulator.program.Program;
import org.iomtbridge.emulator.world.SimUser;
import org.iomtbridge.emulator.world.World;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * Withings' data calls: measure, measure v2, heart v2, sleep v2, user v2 — with the program's activate and unlink, which
 * share user v2's path. POST form or GET query alike.
 */
@RestController
@RequestMapping(method = {RequestMethod.GET, RequestMethod.POST})
public class DataApiController {

    private final ApiAccess access;
    private final DataResponses responses;
    private final World world;
    private final Program program;

    public DataApiController(ApiAccess access, World world, Program program, EmulatorProperties properties) {
        this.access = access;
        this.world = world;
        this.program = program;
        this.responses = new DataResponses(world.generator(), properties.pageSize());
    }

    @RequestMapping("/measure")
    public Map<String, Object> measure(HttpServletRequest request, @RequestParam Map<String, String> params) {
        Params call = new Params(params);
        return switch (call.required("action")) {
            case "getmeas" -> Envelopes.ok(responses.getmeas(metrics(request), call, world.now()));
            default -> throw notImplemented(call);
        };
    }

    @RequestMapping("/v2/measure")
    public Map<String, Object> measureV2(HttpServletRequest request, @RequestParam Map<String, String> params) {
        Params call = new Params(params);
        return switch (call.required("action")) {
            case "getactivity" -> Envelopes.ok(responses.activity(activity(request), call));
            case "getintradayactivity" -> Envelopes.ok(responses.intraday(activity(request), call));
            case "getworkouts" -> Envelopes.ok(responses.workouts(activity(request), call));
            default -> throw notImplemented(call);
        };
    }

    @RequestMapping("/v2/heart")
    public Map<String, Object> heart(HttpServletRequest request, @RequestParam Map<String, String> params) {
        Params call = new Params(params);
        return switch (call.required("action")) {
            case "list" -> Envelopes.ok(responses.heartList(metrics(request), call));
            case "get" -> Envelopes.ok(responses.heartSignal(metrics(request), call));
            default -> throw notImplemented(call);
        };
    }

    @RequestMapping("/v2/sleep")
    public Map<String, Object> sleep(HttpServletRequest request, @RequestParam Map<String, String> params) {
        Params call = new Params(params);
        return switch (call.required("action")) {
            case "get" -> Envelopes.ok(responses.sleep(activity(request), call));
            case "getsummary" -> Envelopes.ok(responses.sleepSummary(activity(request), call));
            default -> throw notImplemented(call);
        };
    }

    @RequestMapping("/v2/user")
    public Map<String, Object> user(HttpServletRequest request, @RequestParam Map<String, String> params) {
        Params call = new Params(params);
        return switch (call.required("action")) {
            case "getdevice" -> {
                SimUser user = access.user(request, "user.info");
                yield Envelopes.ok(responses.devices(user, program.devicesOf(user.userid())));
            }
            case "activate" -> Envelopes.ok(program.activate(call));
            case "unlink" -> Envelopes.ok(program.unlink(access.user(request, "user.info"), call));
            case "getgoals" -> Envelopes.ok(responses.goals(access.user(request, "user.info")));
            default -> throw notImplemented(call);
        };
    }

    private SimUser metrics(HttpServletRequest request) {
        return access.user(request, "user.metrics");
    }

    private SimUser activity(HttpServletRequest request) {
        return access.user(request, "user.activity");
    }

    static WithingsError notImplemented(Params call) {
        return new WithingsError(2554, "Not implemented: action " + call.required("action"));
    }
}
