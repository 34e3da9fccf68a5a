package org.iomtbridge.withings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.iomtbridge.withings.model.ActivatedMember;
import org.iomtbridge.withings.model.LinkedDevice;
import org.iomtbridge.withings.model.MacAddress;
import org.iomtbridge.withings.model.OrderedMember;
import org.iomtbridge.withings.model.PlacedOrder;
import org.iomtbridge.withings.model.ProgramUser;
import org.iomtbridge.withings.model.ProgramUsers;
import org.iomtbridge.withings.model.SimStatusChange;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;

import static org.iomtbridge.withings.Json.elements;
import static org.iomtbridge.withings.Json.flag;
import static org.iomtbridge.withings.Json.optionalEpoch;
import static org.iomtbridge.withings.Json.optionalInt;
import static org.iomtbridge.withings.Json.optionalLong;
import static org.iomtbridge.withings.Json.optionalText;
import static org.iomtbridge.withings.Json.requiredText;

/**
 * Withings' provider-managed devices — cellular kits handed out in bulk or shipped to the member, remote monitoring
 * programs: the program creates its members' accounts, assigns its devices to them, recovers their authorization and
 * ends their program. Every call but {@link #unlinkDevice} is signed with a nonce. Obtain it from
 * {@link WithingsClient#program()}.
 *
 * <p>A member's authorization code lives 10 minutes and works once: exchange it at once with
 * {@link WithingsOAuth#exchangeCode}, which also gives the member's user id. A member whose refresh token stopped
 * working gets a new code from {@link #recoverAuthorizationCode(String)}.
 */
public final class WithingsProgram {

    private static final String BODY = "body";
    private static final String MAC_ADDRESS = "mac_address";
    private static final int MAX_ORDERS = 10;

    private final Transport transport;
    private final WithingsOAuth oauth;

    WithingsProgram(Transport transport, WithingsOAuth oauth) {
        this.transport = transport;
        this.oauth = oauth;
    }

    /**
     * User v2 {@code activate}: creates the member's account and links the program's devices to them, which starts
     * their cellular service and its invoicing. A device is one member's at a time.
     *
     * @param devices the devices' MAC addresses; a cellular hub's own address must be among them for its service
     */
    public ActivatedMember activate(NewMember member, List<MacAddress> devices) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("activate links at least one device: give the MAC addresses of the"
                    + " member's devices");
        }
        ArrayNode addresses = Json.MAPPER.createArrayNode();
        new LinkedHashSet<>(devices).forEach(address -> addresses.add(address.value()));
        WithingsRequest request = memberRequest(WithingsCall.USER_ACTIVATE, member)
                .param("mac_addresses", addresses.toString());
        JsonNode body = transport.send(request);
        return new ActivatedMember(requiredText(body.path("user"), "external_id", "body.user"),
                requiredText(body.path("user"), "code", "body.user"),
                elements(body, "devices", BODY, WithingsProgram::linkedDevice));
    }

    /**
     * Dropshipment v2 {@code createuserorder}: creates the member's account and has Withings ship them devices set up
     * for them, at most 10 orders at once. An address the carrier does not recognize refuses the whole request unless
     * the order forces it.
     */
    public OrderedMember createUserOrder(NewMember member, List<DeviceOrder> orders) {
        if (orders.isEmpty() || orders.size() > MAX_ORDERS) {
            throw new IllegalArgumentException("createuserorder takes 1 to " + MAX_ORDERS + " orders, was " + orders.size());
        }
        ArrayNode ordered = Json.MAPPER.createArrayNode();
        orders.forEach(order -> ordered.add(orderJson(order)));
        WithingsRequest request = memberRequest(WithingsCall.DROPSHIPMENT_CREATEUSERORDER, member)
                .secretParam("order", ordered.toString());
        JsonNode body = transport.send(request);
        return new OrderedMember(requiredText(body.path("user"), "external_id", "body.user"),
                requiredText(body.path("user"), "code", "body.user"),
                elements(body, "orders", BODY, (order, path) -> new PlacedOrder(requiredText(order, "order_id", path),
                        requiredText(order, "customer_ref_id", path), optionalText(order, "status").orElse(""))),
                optionalText(body, "dropshipmentorderid").orElse(""));
    }

    /**
     * OAuth2 {@code recoverauthorizationcode}: a new authorization code for a member the application created, whose
     * refresh token no longer works.
     */
    public String recoverAuthorizationCode(String userId) {
        JsonNode body = transport.send(oauth.signed(WithingsRequest.post(WithingsCall.OAUTH2_RECOVERAUTHORIZATIONCODE))
                .param("userid", userId));
        return requiredText(body.path("user"), "code", "body.user");
    }

    /** One page of oauth2 {@code listusers}: the users who authorized the application. */
    public ProgramUsers users(long offset) {
        WithingsRequest request = oauth.signed(WithingsRequest.post(WithingsCall.OAUTH2_LISTUSERS));
        if (offset > 0) {
            request.param("offset", offset);
        }
        JsonNode body = transport.send(request);
        return new ProgramUsers(elements(body, "users", BODY, (user, path) -> new ProgramUser(
                requiredText(user, "userid", path), optionalText(user, "email"), flag(user, "fully_owned", path))),
                flag(body, "more", BODY), optionalLong(body, "offset", BODY).orElse(0));
    }

    /** Every page of oauth2 {@code listusers}, joined. */
    public List<ProgramUser> allUsers() {
        return Pages.all(WithingsCall.OAUTH2_LISTUSERS, 0, this::users).stream()
                .flatMap(page -> page.users().stream()).toList();
    }

    /**
     * User v2 {@code unlink}: takes a device from the member, with the member's token, so that it can be assigned to
     * another member. What the device measured stays in the member's account.
     */
    public void unlinkDevice(AccessToken memberToken, MacAddress device) {
        transport.send(WithingsRequest.post(WithingsCall.USER_UNLINK).bearer(memberToken)
                .param(MAC_ADDRESS, device.value()));
    }

    /**
     * Device v2 {@code endpartnerprogram} with status {@code TERMINATED}: hands the device over to its member for
     * their own use. The SIM is terminated at {@link SimStatusChange#terminationDate()}, 30 days on; the device then
     * leaves the program for good and moves to Withings' consumer firmware.
     */
    public SimStatusChange endProgram(MacAddress device) {
        return simStatus(device, "TERMINATED");
    }

    /** Device v2 {@code endpartnerprogram} with status {@code STANDBY}: takes back an end of program before its SIM is terminated. */
    public SimStatusChange cancelEndOfProgram(MacAddress device) {
        return simStatus(device, "STANDBY");
    }

    private SimStatusChange simStatus(MacAddress device, String status) {
        JsonNode body = transport.send(oauth.signed(WithingsRequest.post(WithingsCall.DEVICE_ENDPARTNERPROGRAM))
                .param(MAC_ADDRESS, device.value())
                .param("status", status));
        return new SimStatusChange(requiredText(body, "new_sim_status", BODY), optionalEpoch(body, "termination_date", BODY));
    }

    /** The member's details are personal: kept out of messages and of what a listener hears, as secrets are. */
    private WithingsRequest memberRequest(WithingsCall call, NewMember member) {
        return oauth.signed(WithingsRequest.post(call))
                .param("mailingpref", member.mailingAccepted() ? 1 : 0)
                .secretParam("birthdate", String.valueOf(member.birthDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond()))
                .secretParam("measures", measuresJson(member))
                .param("gender", member.gender().code())
                .param("preflang", member.language())
                .param("unit_pref", member.units().json())
                .secretParam("email", member.email())
                .param("timezone", member.timezone().getId())
                .param("shortname", member.shortName())
                .param("external_id", member.externalId())
                .param("phonenumber", member.phoneNumber());
    }

    /** Height (type 4) in meters and weight (type 1) in kilograms, each as Withings' integer value and power of ten. */
    private static String measuresJson(NewMember member) {
        ArrayNode measures = Json.MAPPER.createArrayNode();
        measures.add(measure(member.heightMeters(), 4));
        measures.add(measure(member.weightKilograms(), 1));
        return measures.toString();
    }

    private static ObjectNode measure(BigDecimal value, int type) {
        BigDecimal exact = value.stripTrailingZeros();
        int unit = -Math.max(exact.scale(), 0);
        return Json.MAPPER.createObjectNode()
                .put("value", exact.movePointRight(-unit).longValueExact())
                .put("unit", unit)
                .put("type", type);
    }

    private static ObjectNode orderJson(DeviceOrder order) {
        ObjectNode address = Json.MAPPER.createObjectNode()
                .put("name", order.address().name())
                .put("email", order.address().email())
                .put("address1", order.address().address1())
                .put("city", order.address().city())
                .put("zip", order.address().zip())
                .put("country", order.address().country());
        order.address().address2().ifPresent(value -> address.put("address2", value));
        order.address().state().ifPresent(value -> address.put("state", value));
        ArrayNode products = Json.MAPPER.createArrayNode();
        order.products().forEach(product -> {
            ObjectNode item = products.addObject().put("quantity", product.quantity());
            product.ean().ifPresent(ean -> item.put("ean", ean));
            product.partnerRef().ifPresent(reference -> item.put("partner_ref", reference));
        });
        ObjectNode json = Json.MAPPER.createObjectNode().put("customer_ref_id", order.customerRefId());
        json.set("address", address);
        json.set("products", products);
        if (order.forceAddress()) {
            json.put("force_address", true);
        }
        return json;
    }

    private static LinkedDevice linkedDevice(JsonNode device, String path) {
        String address = requiredText(device, MAC_ADDRESS, path);
        MacAddress macAddress;
        try {
            macAddress = new MacAddress(address);
        } catch (IllegalArgumentException e) {
            throw new WithingsResponseException(path + ".mac_address is '" + address + "', not a MAC address");
        }
        return new LinkedDevice(macAddress, optionalText(device, "type").orElse(""), optionalText(device, "model"),
                optionalInt(device, "model_id", path), optionalText(device, "deviceid"));
    }
}
