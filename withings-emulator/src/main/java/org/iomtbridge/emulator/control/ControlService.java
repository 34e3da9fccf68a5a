package org.iomtbridge.emulator.control;

import org.iomtbridge.emulator.notify.SubscriptionService;
import org.iomtbridge.emulator.oauth.TokenService;
import org.iomtbridge.emulator.world.DataChanged;
import org.iomtbridge.emulator.world.SimDevice;
import org.iomtbridge.emulator.world.SimUser;
import org.iomtbridge.emulator.world.StoredEcg;
import org.iomtbridge.emulator.world.StoredGroup;
import org.iomtbridge.emulator.world.World;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the control API does to the simulated world. */
@Service
public class ControlService {

    private final World world;
    private final TokenService tokens;
    private final SubscriptionService subscriptions;

    public ControlService(World world, TokenService tokens, SubscriptionService subscriptions) {
        this.world = world;
        this.tokens = tokens;
        this.subscriptions = subscriptions;
    }

    public SimUser user(long userid) {
        return world.user(userid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no simulated user " + userid));
    }

    /** Adds one group of measures, stored now; subscribers are notified. */
    public StoredGroup addGroup(long userid, List<MeasureRequest.Value> values, Optional<Long> date, boolean manual) {
        SimUser user = user(userid);
        requireValues(values);
        return store(user, values, date, manual ? null : user.device(deviceType(values.get(0).type())).orElse(null),
                manual ? 2 : 0);
    }

    /**
     * A measure that a device not of the user's own — a program's cellular device — took for them: stored and notified
     * as one of their own devices' would be. A device measures only what its kind measures.
     */
    public StoredGroup addDeviceGroup(long userid, SimDevice device, List<MeasureRequest.Value> values,
                                      Optional<Long> date) {
        SimUser user = user(userid);
        requireValues(values);
        values.stream().filter(value -> !deviceType(value.type()).equals(device.type())).findFirst().ifPresent(value -> {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a " + device.type() + " (" + device.model()
                    + ") does not measure type " + value.type());
        });
        return store(user, values, date, device, 0);
    }

    private static void requireValues(List<MeasureRequest.Value> values) {
        if (values.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give a type and a value, measures, or days");
        }
    }

    private StoredGroup store(SimUser user, List<MeasureRequest.Value> values, Optional<Long> date, SimDevice device,
                              int attrib) {
        long userid = user.userid();
        long now = world.now();
        long taken = date.orElse(now);
        StoredGroup group = world.generator().group(attrib, taken, now, device,
                values.stream().map(ControlService::stored).toArray(StoredGroup.StoredMeasure[]::new));
        user.put(group);
        world.publish(DataChanged.measures(userid, group.appli(), taken, taken));
        return group;
    }

    /**
     * Records an ECG with the watch now, at the given sampling frequency: 300 as a ScanWatch records, or an impossible
     * one (0) to see what a client does with an answer it cannot use. Subscribers of appli 54 are notified.
     */
    public StoredEcg addEcg(long userid, int samplingFrequency) {
        SimUser user = user(userid);
        if (samplingFrequency < 0 || samplingFrequency > 1000) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "samplingFrequency must be between 0 and 1000");
        }
        SimDevice watch = user.device("Activity Tracker").orElseThrow(() -> new ResponseStatusException(
                HttpStatus.CONFLICT, "user " + userid + " has no watch to record an ECG with"));
        long now = world.now();
        StoredEcg ecg = world.generator().ecg(now, now, watch, new java.util.Random(now), samplingFrequency, null, null);
        user.put(ecg);
        world.publish(DataChanged.measures(userid, 54, now, now));
        return ecg;
    }

    public void addDays(long userid, int days) {
        if (days < 1 || days > 3650) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "days must be between 1 and 3650");
        }
        world.addDays(user(userid), days, true);
    }

    public StoredGroup modifyGroup(long userid, long grpid, List<MeasureRequest.Value> values) {
        SimUser user = user(userid);
        StoredGroup group = liveGroup(user, grpid);
        if (values == null || values.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "give the group's new measures");
        }
        StoredGroup modified = group.modifiedWith(values.stream().map(ControlService::stored).toList(), world.now());
        user.put(modified);
        world.publish(DataChanged.measures(userid, modified.appli(), modified.date(), modified.date()));
        return modified;
    }

    public void deleteGroup(long userid, long grpid) {
        SimUser user = user(userid);
        StoredGroup group = liveGroup(user, grpid);
        user.put(group.deletedAt(world.now()));
        world.publish(DataChanged.measures(userid, group.appli(), group.date(), group.date()));
    }

    /**
     * The user unlinks the application in Withings: as there, the user's tokens end first, so that an application
     * told of the unlink (appli 46 {@code action=unlink}) finds them refused when it checks; then the subscriptions end.
     * The notification goes to the subscribers matched when it is published, before they are revoked.
     */
    public void unlink(long userid) {
        SimUser user = user(userid);
        long now = world.now();
        user.unlink();
        tokens.revokeUser(userid);
        world.publish(new DataChanged(userid, 46, now, now, Optional.empty(), Optional.of("unlink")));
        subscriptions.revokeAll(userid);
    }

    private static StoredGroup liveGroup(SimUser user, long grpid) {
        return user.group(grpid).filter(group -> !group.deleted()).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "user " + user.userid() + " has no group " + grpid));
    }

    private static StoredGroup.StoredMeasure stored(MeasureRequest.Value value) {
        BigDecimal exact = value.value().stripTrailingZeros();
        int unit = -Math.max(exact.scale(), 0);
        return new StoredGroup.StoredMeasure(value.type(), exact.movePointRight(-unit).longValueExact(), unit, null);
    }

    private static String deviceType(int type) {
        return switch (type) {
            case 9, 10, 11 -> "Blood Pressure Monitor";
            case 54, 130, 135, 136, 137, 138, 139 -> "Activity Tracker";
            case 12, 71, 73 -> "Thermometer";
            default -> "Scale";
        };
    }

    static List<MeasureRequest.Value> values(MeasureRequest request) {
        List<MeasureRequest.Value> values = new ArrayList<>();
        if (request.type() != null && request.value() != null) {
            values.add(new MeasureRequest.Value(request.type(), request.value()));
        }
        if (request.measures() != null) {
            values.addAll(request.measures());
        }
        return values;
    }
}
