package org.iomtbridge.emulator.program;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.iomtbridge.emulator.EmulatorProperties;
import org.iomtbridge.emulator.api.Params;
import org.iomtbridge.emulator.api.WithingsError;
import org.iomtbridge.emulator.control.ControlService;
import org.iomtbridge.emulator.control.MeasureRequest;
import org.iomtbridge.emulator.oauth.NonceService;
import org.iomtbridge.emulator.oauth.TokenService;
import org.iomtbridge.emulator.state.Hashed;
import org.iomtbridge.emulator.state.Table;
import org.iomtbridge.emulator.state.WorldFile;
import org.iomtbridge.emulator.world.SimDevice;
import org.iomtbridge.emulator.world.SimUser;
import org.iomtbridge.emulator.world.StoredGroup;
import org.iomtbridge.emulator.world.World;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Withings' provider-managed devices: the program's cellular devices (seeded through the control API), the members
 * whose accounts the program creates and to whom it assigns them, and the end of their program. The rules are those of
 * Withings' developer guide: each partner call is signed with a single-use nonce; a device is one member's at a time;
 * a device that is not the program's is refused; a member's authorization code lives 10 minutes; only a member the
 * program created can be recovered; an end of program terminates the SIM 30 days on, and the device then stays with
 * its member, out of the program. Which status each refusal carries Withings does not publish: those here are chosen
 * by family (docs/withings-cellular.md).
 */
@Service
public class Program {

    static final Duration MEMBER_CODE_LIFETIME = Duration.ofMinutes(10);
    static final Duration TERMINATION_GRACE = Duration.ofDays(30);
    private static final List<String> MEMBER_SCOPES = List.of("user.info", "user.metrics", "user.activity");
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern SHORT_NAME = Pattern.compile("[a-zA-Z0-9]{3}");
    private static final int MAX_ORDERS = 10;
    private static final List<String> ADDRESS_FIELDS = List.of("name", "email", "address1", "city", "zip", "country");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A cellular model a program may hold: the kind getdevice names and the model id. */
    private record Model(String type, int modelId) {
    }

    private static final Map<String, Model> MODELS = Map.of(
            "Body Pro", new Model("Scale", 9),
            "Body", new Model("Scale", 7),
            "BPM Pro 2", new Model("Blood Pressure Monitor", 47),
            "BPM Connect Pro", new Model("Blood Pressure Monitor", 46),
            "BPM Connect", new Model("Blood Pressure Monitor", 45),
            "BPM Core", new Model("Blood Pressure Monitor", 44),
            "Thermo", new Model("Thermometer", 70));

    private final Map<String, ProgramDevice> devices = new LinkedHashMap<>();
    private final Map<Long, Member> members = new LinkedHashMap<>();
    private final Set<String> orderReferences = new HashSet<>();
    private final Table<ProgramDevice> storedDevices;
    private final Table<Member> storedMembers;
    private final Table<Long> storedOrders;
    private final AtomicLong orderNumbers = new AtomicLong(4_874_000L);
    private final World world;
    private final TokenService tokens;
    private final NonceService nonces;
    private final ControlService control;
    private final int pageSize;
    private final SecureRandom random = new SecureRandom();
    private Duration memberCodeLifetime = MEMBER_CODE_LIFETIME;

    public Program(World world, TokenService tokens, NonceService nonces, ControlService control,
                   EmulatorProperties properties, WorldFile file) {
        this.world = world;
        this.tokens = tokens;
        this.nonces = nonces;
        this.control = control;
        this.pageSize = properties.pageSize();
        this.storedDevices = file.table("program-devices", ProgramDevice.class);
        this.storedMembers = file.table("program-members", Member.class);
        this.storedOrders = file.table("program-orders", Long.class);
        storedDevices.loaded().values().forEach(device -> devices.put(device.macAddress(), device));
        storedMembers.loaded().values().forEach(member -> members.put(member.userid(), member));
        storedOrders.loaded().forEach((reference, number) -> {
            orderReferences.add(reference);
            orderNumbers.accumulateAndGet(number, Math::max);
        });
    }

    // --- the control API ----------------------------------------------------------------------------------------

    /**
     * How long the codes of activate, createuserorder and recoverauthorizationcode live from now on: Withings' 10
     * minutes by default, zero for a code that has expired by the time it is exchanged.
     */
    public synchronized void memberCodeLifetime(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.compareTo(MEMBER_CODE_LIFETIME) > 0) {
            throw new IllegalArgumentException("a member's code lives 0 to " + MEMBER_CODE_LIFETIME.toSeconds()
                    + " seconds, was " + lifetime.toSeconds());
        }
        memberCodeLifetime = lifetime;
    }

    /** A new device of the program, not yet assigned; {@code reference} is the kit a dropshipment order names. */
    public synchronized Map<String, Object> addDevice(String macAddress, String model, Optional<String> reference) {
        String mac = Optional.ofNullable(macAddress).map(Program::normalized).filter(MAC.asPredicate())
                .orElseThrow(() -> new IllegalArgumentException("give macAddress as six hex pairs joined by colons,"
                        + " for example 00:24:e4:69:b2:30"));
        Model known = Optional.ofNullable(model).map(MODELS::get).orElseThrow(() -> new IllegalArgumentException(
                "give model, one of the cellular models " + new TreeSet<>(MODELS.keySet())));
        if (devices.containsKey(mac)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "the program has device " + mac + " already");
        }
        byte[] id = new byte[20];
        random.nextBytes(id);
        put(new ProgramDevice(mac, new SimDevice(HexFormat.of().formatHex(id), known.type(), model, known.modelId(),
                "high", world.now()), reference.orElse(null), null, ProgramDevice.READY, null));
        return describe(devices.get(mac));
    }

    public synchronized List<Map<String, Object>> devices() {
        return devices.values().stream().map(this::describe).toList();
    }

    /**
     * The device takes a measure on its own and uploads it over its cellular network: stored for the member it is
     * assigned to now, and notified to their subscribers as any measure of theirs.
     */
    public Map<String, Object> measure(String macAddress, List<MeasureRequest.Value> values, Optional<Long> date) {
        ProgramDevice device;
        synchronized (this) {
            device = devices.get(normalized(macAddress));
            if (device == null) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "the program has no device " + macAddress);
            }
            if (device.member() == null) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "device " + device.macAddress()
                        + " is assigned to no member: activate it for one first");
            }
        }
        StoredGroup group = control.addDeviceGroup(device.member(), device.device(), values, date);
        synchronized (this) {
            ProgramDevice now = devices.get(device.macAddress());
            if (ProgramDevice.READY.equals(now.simStatus())) {
                put(now.withSim(ProgramDevice.ACTIVE, null));
            }
        }
        return Map.of("macAddress", device.macAddress(), "userid", device.member(), "grpid", group.grpid());
    }

    // --- the Withings calls -------------------------------------------------------------------------------------

    /** User v2 {@code activate}: a member's account, with the program's devices assigned to them. */
    public synchronized Map<String, Object> activate(Params call) {
        String clientId = signed(call, "activate");
        NewMember member = newMember(call, clientId);
        List<ProgramDevice> assigned = macAddresses(call.required("mac_addresses")).stream().map(this::available).toList();
        SimUser user = create(member, clientId);
        List<Map<String, Object>> linked = new ArrayList<>();
        for (ProgramDevice device : assigned) {
            put(device.assignedTo(user.userid()));
            linked.add(linkedDevice(device));
        }
        return Map.of("user", codeFor(user, member.externalId(), clientId), "devices", linked);
    }

    /**
     * Dropshipment v2 {@code createuserorder}: a member's account, and their devices shipped from the program's stock
     * of kits, each order's products taken from the devices of that reference not yet assigned.
     */
    public synchronized Map<String, Object> createUserOrder(Params call) {
        String clientId = signed(call, "createuserorder");
        NewMember member = newMember(call, clientId);
        JsonNode orders = json(call.required("order"), "order");
        if (!orders.isArray() || orders.isEmpty() || orders.size() > MAX_ORDERS) {
            throw WithingsError.invalidParams("order must be a JSON list of 1 to " + MAX_ORDERS + " orders");
        }
        List<String> invalidAddresses = new ArrayList<>();
        Set<String> references = new HashSet<>();
        for (JsonNode order : orders) {
            String reference = order.path("customer_ref_id").asText("");
            if (reference.isBlank() || orderReferences.contains(reference) || !references.add(reference)) {
                throw WithingsError.invalidParams("each order needs a customer_ref_id of its own, was '" + reference + "'");
            }
            if (!order.path("force_address").asBoolean(false) && !deliverable(order.path("address"))) {
                invalidAddresses.add(reference);
            }
        }
        if (!invalidAddresses.isEmpty()) {
            throw new WithingsError(503, "Invalid Params: invalid address",
                    Map.of("invalid_address_customer_ref_ids", invalidAddresses));
        }
        Map<JsonNode, List<ProgramDevice>> shipped = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (JsonNode order : orders) {
            shipped.put(order, stock(order.path("products"), taken));
        }
        SimUser user = create(member, clientId);
        String dropshipment = String.valueOf(orderNumbers.incrementAndGet());
        List<Map<String, Object>> placed = new ArrayList<>();
        shipped.forEach((order, kit) -> {
            kit.forEach(device -> put(device.assignedTo(user.userid())));
            long number = orderNumbers.incrementAndGet();
            String reference = order.path("customer_ref_id").asText();
            orderReferences.add(reference);
            storedOrders.put(reference, number);
            placed.add(Map.of("order_id", "D" + number, "customer_ref_id", reference, "status", "VERIFIED",
                    "products", order.path("products")));
        });
        return Map.of("user", codeFor(user, member.externalId(), clientId), "orders", placed,
                "dropshipmentorderid", dropshipment);
    }

    /** OAuth2 {@code recoverauthorizationcode}: a new code for a member the client created. */
    public synchronized Map<String, Object> recoverAuthorizationCode(Params call) {
        String clientId = signed(call, "recoverauthorizationcode");
        long userid = call.number("userid").orElseThrow(() -> WithingsError.invalidParams("missing userid"));
        Member member = members.get(userid);
        if (member == null || !member.clientId().equals(clientId)) {
            throw new WithingsError(214, "Unauthorized: user " + userid + " was not created by this application");
        }
        return Map.of("user", Map.of("code", tokens.issueCode(new TokenService.Grant(userid, clientId, MEMBER_SCOPES),
                null, memberCodeLifetime)));
    }

    /** OAuth2 {@code listusers}: the members the client created and the users who authorized it, by user id. */
    public synchronized Map<String, Object> listUsers(Params call) {
        String clientId = signed(call, "listusers");
        List<Long> userids = Stream.concat(members.values().stream().filter(member -> member.clientId().equals(clientId))
                        .map(Member::userid), tokens.authorizedUsers(clientId).stream())
                .distinct().sorted().toList();
        int offset = Math.min(call.offset(), userids.size());
        int end = Math.min(offset + pageSize, userids.size());
        List<Map<String, Object>> users = new ArrayList<>();
        for (long userid : userids.subList(offset, end)) {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("hash_userid", Hashed.sha256(String.valueOf(userid)));
            user.put("userid", userid);
            world.user(userid).ifPresent(known -> user.put("email", known.email()));
            Member member = members.get(userid);
            user.put("fully_owned", member != null && member.clientId().equals(clientId));
            users.add(user);
        }
        return Map.of("users", users, "more", end < userids.size(), "offset", end < userids.size() ? end : 0);
    }

    /** User v2 {@code unlink}: the member gives a device back; what it measured for them stays theirs. */
    public synchronized Map<String, Object> unlink(SimUser user, Params call) {
        ProgramDevice device = devices.get(macAddress(call.required("mac_address")));
        if (device == null || device.member() == null || device.member() != user.userid()) {
            throw WithingsError.invalidParams("device " + call.required("mac_address") + " is not linked to this user");
        }
        put(device.assignedTo(null));
        return Map.of();
    }

    /**
     * Device v2 {@code endpartnerprogram}: {@code TERMINATED} starts the 30 days before the SIM is terminated and the
     * device leaves the program with its member; {@code STANDBY} takes that back while there is time.
     */
    public synchronized Map<String, Object> endProgram(Params call) {
        String clientId = signed(call, "endpartnerprogram");
        String mac = macAddress(call.required("mac_address"));
        ProgramDevice device = devices.get(mac);
        if (device == null) {
            throw new WithingsError(214, "Unauthorized: device " + mac + " is not a device of client " + clientId);
        }
        long now = world.now();
        if (device.terminated(now)) {
            throw new WithingsError(524, "The SIM of device " + mac + " is terminated");
        }
        return switch (call.required("status")) {
            case ProgramDevice.TERMINATED -> {
                if (!ProgramDevice.PENDING_TERMINATION.equals(device.simStatus())) {
                    device = device.withSim(ProgramDevice.PENDING_TERMINATION, now + TERMINATION_GRACE.toSeconds());
                    put(device);
                }
                yield Map.of("new_sim_status", device.simStatus(), "termination_date", device.terminationDate());
            }
            case ProgramDevice.STANDBY -> {
                put(device.withSim(ProgramDevice.STANDBY, null));
                yield Map.of("new_sim_status", ProgramDevice.STANDBY);
            }
            default -> throw WithingsError.invalidParams("status must be TERMINATED or STANDBY");
        };
    }

    /** The program's devices assigned to the user now, which getdevice lists with the user's own. */
    public synchronized List<SimDevice> devicesOf(long userid) {
        return devices.values().stream().filter(device -> device.member() != null && device.member() == userid)
                .map(ProgramDevice::device).toList();
    }

    // --- the rules ----------------------------------------------------------------------------------------------

    private record NewMember(String email, ZoneId zone, String externalId) {
    }

    private String signed(Params call, String action) {
        String clientId = call.required("client_id");
        nonces.verify(action, clientId, call.text("nonce").orElse(null), call.text("signature").orElse(null));
        return clientId;
    }

    /** The member's details as activate and createuserorder require them; an email names one account only. */
    private NewMember newMember(Params call, String clientId) {
        for (String required : List.of("mailingpref", "birthdate", "gender", "preflang", "unit_pref")) {
            call.required(required);
        }
        call.number("birthdate");
        if (!Set.of("0", "1").contains(call.required("gender"))) {
            throw WithingsError.invalidParams("gender must be 0 (man) or 1 (woman)");
        }
        JsonNode measures = json(call.required("measures"), "measures");
        Set<Integer> types = new HashSet<>();
        measures.forEach(measure -> types.add(measure.path("type").asInt()));
        if (!measures.isArray() || !types.containsAll(Set.of(1, 4))) {
            throw WithingsError.invalidParams("measures must list the member's weight (type 1) and height (type 4)");
        }
        json(call.required("unit_pref"), "unit_pref");
        if (!SHORT_NAME.matcher(call.required("shortname")).matches()) {
            throw WithingsError.invalidParams("shortname must be 3 letters or digits");
        }
        String email = call.required("email");
        if (world.userByEmail(email).isPresent()) {
            throw WithingsError.invalidParams("email is already used by a Withings account");
        }
        String externalId = call.required("external_id");
        if (members.values().stream().anyMatch(member -> member.clientId().equals(clientId)
                && member.externalId().equals(externalId))) {
            throw WithingsError.invalidParams("external_id " + externalId + " names another member already");
        }
        try {
            return new NewMember(email, ZoneId.of(call.required("timezone")), externalId);
        } catch (DateTimeException e) {
            throw WithingsError.invalidParams("timezone is not a time zone of the tz database");
        }
    }

    private SimUser create(NewMember member, String clientId) {
        SimUser user = world.createMember(member.email(), member.zone());
        Member created = new Member(user.userid(), clientId, member.externalId());
        members.put(user.userid(), created);
        storedMembers.put(String.valueOf(user.userid()), created);
        return user;
    }

    private Map<String, Object> codeFor(SimUser user, String externalId, String clientId) {
        String code = tokens.issueCode(new TokenService.Grant(user.userid(), clientId, MEMBER_SCOPES), null,
                memberCodeLifetime);
        return Map.of("code", code, "external_id", externalId);
    }

    private List<String> macAddresses(String json) {
        JsonNode list = json(json, "mac_addresses");
        if (!list.isArray() || list.isEmpty()) {
            throw WithingsError.invalidParams("mac_addresses must be a JSON list of MAC addresses");
        }
        Set<String> addresses = new LinkedHashSet<>();
        list.forEach(address -> addresses.add(macAddress(address.asText())));
        return List.copyOf(addresses);
    }

    private static String macAddress(String text) {
        String mac = normalized(text);
        if (!MAC.matcher(mac).matches()) {
            throw WithingsError.invalidParams("'" + text + "' is not a MAC address");
        }
        return mac;
    }

    /** A device the program may assign: its own, in the program still, and no one else's. */
    private ProgramDevice available(String mac) {
        ProgramDevice device = devices.get(mac);
        if (device == null || device.terminated(world.now())) {
            throw new WithingsError(214, "Unauthorized: device " + mac + " is not authorized for this application");
        }
        if (device.member() != null) {
            throw new WithingsError(524, "Device " + mac + " is already linked to a user");
        }
        return device;
    }

    /** The devices shipped for an order's products: of each product's reference, not assigned, not shipped already. */
    private List<ProgramDevice> stock(JsonNode products, Set<String> taken) {
        if (!products.isArray() || products.isEmpty()) {
            throw WithingsError.invalidParams("each order needs products");
        }
        List<ProgramDevice> kit = new ArrayList<>();
        for (JsonNode product : products) {
            int quantity = product.path("quantity").asInt(0);
            boolean ean = product.hasNonNull("ean");
            if (quantity < 1 || ean == product.hasNonNull("partner_ref")) {
                throw WithingsError.invalidParams("a product has a quantity and an ean or a partner_ref");
            }
            String reference = product.path(ean ? "ean" : "partner_ref").asText();
            List<ProgramDevice> found = devices.values().stream()
                    .filter(device -> reference.equals(device.reference()) && device.member() == null
                            && !device.terminated(world.now()) && !taken.contains(device.macAddress()))
                    .limit(quantity).toList();
            if (found.size() < quantity) {
                throw WithingsError.invalidParams("the program's stock has " + found.size() + " of product " + reference
                        + ", " + quantity + " ordered");
            }
            found.forEach(device -> taken.add(device.macAddress()));
            kit.addAll(found);
        }
        return kit;
    }

    private static boolean deliverable(JsonNode address) {
        return ADDRESS_FIELDS.stream().allMatch(field -> !address.path(field).asText("").isBlank())
                && address.path("country").asText().matches("[A-Z]{2}");
    }

    private static JsonNode json(String text, String name) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw WithingsError.invalidParams(name + " is not JSON");
        }
    }

    private static String normalized(String mac) {
        return mac.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private void put(ProgramDevice device) {
        devices.put(device.macAddress(), device);
        storedDevices.put(device.macAddress(), device);
    }

    private Map<String, Object> linkedDevice(ProgramDevice device) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("mac_address", device.macAddress());
        item.put("type", device.device().type());
        item.put("model", device.device().model());
        item.put("model_id", device.device().modelId());
        item.put("deviceid", device.device().hashDeviceId());
        return item;
    }

    private Map<String, Object> describe(ProgramDevice device) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("macAddress", device.macAddress());
        item.put("type", device.device().type());
        item.put("model", device.device().model());
        item.put("reference", device.reference());
        item.put("member", device.member());
        item.put("simStatus", device.simStatus(world.now()));
        item.put("terminationDate", device.terminationDate());
        return item;
    }
}
