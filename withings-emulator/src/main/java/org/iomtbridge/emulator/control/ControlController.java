package org.iomtbridge.emulator.control;

import org.iomtbridge.emulator.notify.Notifier;
import org.iomtbridge.emulator.notify.Subscription;
import org.iomtbridge.emulator.notify.SubscriptionService;
import org.iomtbridge.emulator.oauth.TokenService;
import org.iomtbridge.emulator.program.Program;
import org.iomtbridge.emulator.traffic.Faults;
import org.iomtbridge.emulator.traffic.TrafficControl;
import org.iomtbridge.emulator.traffic.TrafficStats;
import org.iomtbridge.emulator.world.SimUser;
import org.iomtbridge.emulator.world.StoredGroup;
import org.iomtbridge.emulator.world.World;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON control API under {@code /_emulator/}: users, measures, unlink, the program's cellular devices, faults, live
 * mode, statistics.
 */
@RestController
@RequestMapping("/_emulator")
public class ControlController {

    /** {@code POST /_emulator/users}: every field optional. */
    public record NewUser(String email, String password, String timezone, Integer historyDays) {
    }

    /** {@code PUT /_emulator/faults}. */
    public record FaultsRequest(Double errorRate, Long latencyMillis, Boolean outage, Long storm601Seconds,
                                Boolean invalidateTokens, Long notifyLatencyMillis) {
    }

    public record ModifyRequest(List<MeasureRequest.Value> measures) {
    }

    /** {@code POST /_emulator/program/devices}: {@code reference}, the kit a dropshipment order names, is optional. */
    public record NewProgramDevice(String macAddress, String model, String reference) {
    }

    private final World world;
    private final ControlService control;
    private final TrafficControl traffic;
    private final TrafficStats stats;
    private final Notifier notifier;
    private final LiveMode live;
    private final TokenService tokens;
    private final SubscriptionService subscriptions;
    private final Program program;

    public ControlController(World world, ControlService control, TrafficControl traffic, TrafficStats stats,
                             Notifier notifier, LiveMode live, TokenService tokens, SubscriptionService subscriptions,
                             Program program) {
        this.program = program;
        this.subscriptions = subscriptions;
        this.tokens = tokens;
        this.world = world;
        this.control = control;
        this.traffic = traffic;
        this.stats = stats;
        this.notifier = notifier;
        this.live = live;
    }

    @PostMapping("/users")
    public ResponseEntity<Map<String, Object>> createUser(@RequestBody(required = false) NewUser request) {
        NewUser wanted = request == null ? new NewUser(null, null, null, null) : request;
        Optional<ZoneId> zone = Optional.ofNullable(wanted.timezone()).map(ZoneId::of);
        int days = Optional.ofNullable(wanted.historyDays()).orElse(30);
        if (days < 0 || days > 3650) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "historyDays must be between 0 and 3650");
        }
        String password = Optional.ofNullable(wanted.password()).orElseGet(World::newPassword);
        SimUser user = world.createUser(Optional.ofNullable(wanted.email()), password, zone, days, false);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("userid", user.userid());
        created.put("email", user.email());
        created.put("password", password);
        created.put("timezone", user.zone().getId());
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    @GetMapping("/users")
    public List<Map<String, Object>> users() {
        return world.users().stream().map(user -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("userid", user.userid());
            item.put("email", user.email());
            item.put("timezone", user.zone().getId());
            item.put("linked", user.linked());
            item.put("devices", user.devices().stream().map(device -> device.model()).toList());
            item.put("measureGroups", user.groups(group -> true).size());
            return item;
        }).toList();
    }

    /**
     * {@code GET /_emulator/users/{userid}/holdings}: every record the user holds, each with the values it carries —
     * what a complete copy of the user's data must contain, to compare with one.
     */
    @GetMapping("/users/{userid}/holdings")
    public Map<String, Object> holdings(@PathVariable long userid) {
        SimUser user = control.user(userid);
        Map<String, Object> holdings = new LinkedHashMap<>();
        holdings.put("userid", user.userid());
        holdings.put("linked", user.linked());
        holdings.put("devices", user.devices().stream().map(device -> device.hashDeviceId()).toList());
        holdings.put("measureGroups", user.groupsIncludingDeleted().stream().map(group -> Map.of(
                "grpid", group.grpid(), "deleted", group.deleted(),
                "measures", group.measures().stream().map(measure -> measure.position() == null
                        ? Map.of("type", measure.type(), "value", measure.value(), "unit", measure.unit())
                        : Map.of("type", measure.type(), "value", measure.value(), "unit", measure.unit(),
                                "position", measure.position())).toList())).toList());
        holdings.put("activityDays", user.days(day -> true).stream().map(day -> Map.of(
                "date", day.date().toString(), "fields", nonNullFields(day.values()))).toList());
        holdings.put("sleepSummaries", user.nights(night -> true).stream().map(night -> Map.of(
                "id", night.id(), "fields", nonNullFields(night.data()))).toList());
        holdings.put("workouts", user.workouts(workout -> true).stream().map(workout -> Map.of(
                "id", workout.id())).toList());
        holdings.put("ecgs", user.ecgs(ecg -> true).stream().map(ecg -> Map.of(
                "signalid", ecg.signalid(), "bloodPressure", ecg.systole() != null)).toList());
        return holdings;
    }

    private static List<String> nonNullFields(Map<String, Number> values) {
        return values.entrySet().stream().filter(entry -> entry.getValue() != null).map(Map.Entry::getKey).toList();
    }

    /** {@code GET /_emulator/users/{userid}/subscriptions}: the user's notification subscriptions, at once. */
    @GetMapping("/users/{userid}/subscriptions")
    public List<Subscription> subscriptions(@PathVariable long userid) {
        return subscriptions.list(control.user(userid).userid(), Optional.empty());
    }

    @PostMapping("/users/{userid}/measures")
    public ResponseEntity<Map<String, Object>> addMeasures(@PathVariable long userid, @RequestBody MeasureRequest request) {
        if (request.days() != null) {
            control.addDays(userid, request.days());
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("userid", userid, "days", request.days()));
        }
        StoredGroup group = control.addGroup(userid, ControlService.values(request),
                Optional.ofNullable(request.date()).map(date -> date.getEpochSecond()),
                Boolean.TRUE.equals(request.manual()));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("userid", userid, "grpid", group.grpid()));
    }

    /** {@code POST /_emulator/users/{userid}/ecgs {"samplingFrequency": 300}}: an ECG recorded now. */
    @PostMapping("/users/{userid}/ecgs")
    public ResponseEntity<Map<String, Object>> addEcg(@PathVariable long userid, @RequestBody Map<String, Integer> request) {
        var ecg = control.addEcg(userid, Optional.ofNullable(request.get("samplingFrequency")).orElse(300));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("userid", userid, "signalid", ecg.signalid()));
    }

    @PutMapping("/users/{userid}/measures/{grpid}")
    public Map<String, Object> modifyMeasures(@PathVariable long userid, @PathVariable long grpid,
                                              @RequestBody ModifyRequest request) {
        StoredGroup group = control.modifyGroup(userid, grpid, request.measures());
        return Map.of("userid", userid, "grpid", group.grpid(), "modified", group.modified());
    }

    @DeleteMapping("/users/{userid}/measures/{grpid}")
    public ResponseEntity<Void> deleteMeasures(@PathVariable long userid, @PathVariable long grpid) {
        control.deleteGroup(userid, grpid);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/users/{userid}/unlink")
    public Map<String, Object> unlink(@PathVariable long userid) {
        control.unlink(userid);
        return Map.of("userid", userid, "linked", false);
    }

    /** {@code POST /_emulator/program/devices}: a cellular device the program owns, to assign to a member. */
    @PostMapping("/program/devices")
    public ResponseEntity<Map<String, Object>> addProgramDevice(@RequestBody NewProgramDevice request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(program.addDevice(request.macAddress(), request.model(),
                Optional.ofNullable(request.reference())));
    }

    /** {@code GET /_emulator/program/devices}: each with its member (or null), SIM status and termination date. */
    @GetMapping("/program/devices")
    public List<Map<String, Object>> programDevices() {
        return program.devices();
    }

    /**
     * {@code POST /_emulator/program/devices/{mac}/measures}: the device measures and uploads on its own, for the
     * member it is assigned to; the body as for a user's measures, without {@code days} or {@code manual}.
     */
    @PostMapping("/program/devices/{mac}/measures")
    public ResponseEntity<Map<String, Object>> programDeviceMeasures(@PathVariable String mac,
                                                                     @RequestBody MeasureRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(program.measure(mac, ControlService.values(request),
                Optional.ofNullable(request.date()).map(date -> date.getEpochSecond())));
    }

    /** {@code PUT /_emulator/program/code-lifetime} {@code {"seconds": 0}}: the lifetime of members' codes from now on. */
    @PutMapping("/program/code-lifetime")
    public Map<String, Object> memberCodeLifetime(@RequestBody Map<String, Long> request) {
        long seconds = Optional.ofNullable(request.get("seconds"))
                .orElseThrow(() -> new IllegalArgumentException("give the lifetime as {\"seconds\": n}"));
        program.memberCodeLifetime(java.time.Duration.ofSeconds(seconds));
        return Map.of("seconds", seconds);
    }

    @GetMapping("/faults")
    public Faults faults() {
        return traffic.faults();
    }

    @PutMapping("/faults")
    public Faults setFaults(@RequestBody FaultsRequest request) {
        Faults faults = new Faults(Optional.ofNullable(request.errorRate()).orElse(0.0),
                Optional.ofNullable(request.latencyMillis()).orElse(0L), Boolean.TRUE.equals(request.outage()),
                Optional.ofNullable(request.storm601Seconds()).orElse(0L),
                Optional.ofNullable(request.notifyLatencyMillis()).orElse(0L));
        traffic.setFaults(faults, Boolean.TRUE.equals(request.invalidateTokens()));
        return faults;
    }

    @DeleteMapping("/faults")
    public Faults clearFaults() {
        traffic.setFaults(Faults.NONE, false);
        return Faults.NONE;
    }

    @PutMapping("/rate-limit")
    public Map<String, Object> setRateLimit(@RequestBody Map<String, Integer> request) {
        traffic.setRateLimitPerMinute(Optional.ofNullable(request.get("perMinute")).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.BAD_REQUEST, "give perMinute")));
        return Map.of("perMinute", traffic.rateLimitPerMinute());
    }

    @PutMapping("/live")
    public Map<String, Object> startLive(@RequestBody Map<String, Integer> request) {
        live.start(Optional.ofNullable(request.get("intervalSeconds")).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.BAD_REQUEST, "give intervalSeconds")));
        return Map.of("intervalSeconds", live.intervalSeconds());
    }

    @DeleteMapping("/live")
    public Map<String, Object> stopLive() {
        live.stop();
        return Map.of("intervalSeconds", 0);
    }

    @GetMapping("/stats")
    public Map<String, Object> stats() {
        return stats.snapshot();
    }

    @DeleteMapping("/stats")
    public ResponseEntity<Void> resetStats() {
        stats.reset();
        notifier.clear();
        return ResponseEntity.noContent().build();
    }

    /**
     * Every pair of tokens the emulator issued: what a test looks for in logs and database dumps. Only to a caller on
     * this machine, even when the emulator listens on other addresses.
     */
    @GetMapping("/tokens")
    public List<TokenService.Issued> tokens(HttpServletRequest request) throws UnknownHostException {
        if (!InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "the issued tokens are listed to callers on this machine (a loopback address) only");
        }
        return tokens.issued();
    }

    @GetMapping("/notifications")
    public List<Notifier.Attempt> notifications() {
        return notifier.attempts();
    }

    @ExceptionHandler({IllegalArgumentException.class, java.time.DateTimeException.class})
    public ResponseEntity<Map<String, Object>> badRequest(RuntimeException error) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(error.getMessage())));
    }

    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<Map<String, Object>> status(ResponseStatusException error) {
        return ResponseEntity.status(error.getStatusCode()).body(Map.of("error", String.valueOf(error.getReason())));
    }
}
