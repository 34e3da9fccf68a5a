package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.iomtbridge.withings.ClientCredentials;
import org.iomtbridge.withings.DeviceOrder;
import org.iomtbridge.withings.MeasureQuery;
import org.iomtbridge.withings.NewMember;
import org.iomtbridge.withings.WithingsApiException;
import org.iomtbridge.withings.WithingsClient;
import org.iomtbridge.withings.WithingsEndpoints;
import org.iomtbridge.withings.WithingsTokens;
import org.iomtbridge.withings.model.ActivatedMember;
import org.iomtbridge.withings.model.MacAddress;
import org.iomtbridge.withings.model.MeasureGroup;
import org.iomtbridge.withings.model.NotificationCategory;
import org.iomtbridge.withings.model.OrderedMember;
import org.iomtbridge.withings.model.ProgramUser;
import org.iomtbridge.withings.model.SimStatusChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Provider-managed devices, with the project's client over real HTTP: the program's cellular devices assigned to the
 * members it creates, their measures uploaded on their own, and Withings' rules — one member per device, the program's
 * devices only, single-use nonces, 10-minute codes, recovery for the program's members only, the end of a program.
 */
class ProgramTest extends EmulatorTest {

    /** The tests share one world: each takes devices and members of its own. */
    private static final AtomicInteger SERIAL = new AtomicInteger();

    private WithingsClient withings;

    @BeforeEach
    void client() {
        withings = WithingsClient.builder(new ClientCredentials(CLIENT_ID, CLIENT_SECRET))
                .endpoints(WithingsEndpoints.emulator(url("")))
                .build();
    }

    @Test
    void anActivatedDeviceMeasuresOnItsOwnForItsMemberAndTheirSubscribersHearOfIt() throws Exception {
        MacAddress bpm = programDevice("BPM Pro 2", null);
        ActivatedMember member = withings.program().activate(member(), List.of(bpm));
        assertThat(member.devices()).singleElement().satisfies(device -> {
            assertThat(device.macAddress()).isEqualTo(bpm);
            assertThat(device.type()).isEqualTo("Blood Pressure Monitor");
            assertThat(device.modelId()).hasValue(47);
        });
        WithingsTokens tokens = withings.oauth().exchangeCode(member.authorizationCode(), URI.create(REDIRECT));
        assertThat(withings.devices(tokens.accessToken())).extracting(device -> device.model().orElse(""))
                .containsExactly("BPM Pro 2");

        try (CallbackServer callback = new CallbackServer()) {
            withings.subscribe(tokens.accessToken(), URI.create(callback.url()),
                    NotificationCategory.PRESSURE_HEART_RATE_SPO2, "bp");
            JsonNode measured = measure(bpm, "{\"measures\": [{\"type\": 10, \"value\": 131}, {\"type\": 9, \"value\": 85},"
                    + " {\"type\": 11, \"value\": 71}]}");
            assertThat(measured.get("userid").asText()).isEqualTo(tokens.userId());
            assertThat(withings.allMeasures(tokens.accessToken(), MeasureQuery.everything()).groups())
                    .extracting(MeasureGroup::grpid).containsExactly(measured.get("grpid").asLong());

            await().atMost(Duration.ofSeconds(10)).until(() -> callback.posts().size() == 1);
            assertThat(callback.posts().get(0).form()).containsEntry("userid", tokens.userId()).containsEntry("appli", "4");
        }
        MeasureGroup group = withings.allMeasures(tokens.accessToken(), MeasureQuery.everything()).groups().get(0);
        assertThat(group.model()).contains("BPM Pro 2");
        assertThat(group.measures()).extracting(measure -> measure.type()).containsExactlyInAnyOrder(10, 9, 11);
        assertThat(programDevice(bpm).get("simStatus").asText()).as("it has connected").isEqualTo("ACTIVE");
        assertThat(send("POST", "/_emulator/program/devices/" + bpm + "/measures", "{\"type\": 1, \"value\": 80}")
                .statusCode()).as("a blood-pressure monitor does not weigh").isEqualTo(400);
    }

    @Test
    void aDeviceIsOneMembersAtATimeAndTheNextMemberNeverSeesTheFormerMembersData() {
        MacAddress scale = programDevice("Body Pro", null);
        WithingsTokens first = tokens(withings.program().activate(member(), List.of(scale)));
        assertThatThrownBy(() -> withings.program().activate(member(), List.of(scale)))
                .isInstanceOf(WithingsApiException.BadState.class).hasMessageContaining("already linked");
        assertThatThrownBy(() -> withings.program().activate(member(), List.of(new MacAddress("00:24:e4:ff:ff:ff"))))
                .isInstanceOf(WithingsApiException.Unauthorized.class).hasMessageContaining("not authorized");
        measure(scale, "{\"type\": 1, \"value\": 82.4}");

        withings.program().unlinkDevice(first.accessToken(), scale);
        assertThatThrownBy(() -> withings.program().unlinkDevice(first.accessToken(), scale))
                .isInstanceOf(WithingsApiException.InvalidParameters.class);
        WithingsTokens second = tokens(withings.program().activate(member(), List.of(scale)));
        measure(scale, "{\"type\": 1, \"value\": 64.1}");

        assertThat(weights(first)).containsExactly(new BigDecimal("82.4"));
        assertThat(weights(second)).containsExactly(new BigDecimal("64.1"));
    }

    @Test
    void aMembersCodeLivesTenMinutesAndOnlyTheProgramsMembersAreRecovered() {
        NewMember details = member();
        ActivatedMember member = withings.program().activate(details, List.of(programDevice("Thermo", null)));
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThatThrownBy(() -> withings.oauth().exchangeCode(member.authorizationCode(), URI.create(REDIRECT)))
                .isInstanceOf(WithingsApiException.InvalidParameters.class).hasMessageContaining("expired");

        ProgramUser listed = withings.program().allUsers().stream()
                .filter(user -> user.email().equals(Optional.of(details.email()))).findFirst().orElseThrow();
        assertThat(listed.fullyOwned()).isTrue();
        String code = withings.program().recoverAuthorizationCode(listed.userId());
        assertThat(withings.oauth().exchangeCode(code, URI.create(REDIRECT)).userId()).isEqualTo(listed.userId());
        assertThatThrownBy(() -> withings.oauth().exchangeCode(code, URI.create(REDIRECT)))
                .isInstanceOf(WithingsApiException.InvalidParameters.class);

        long someoneElse = json(send("POST", "/_emulator/users", "{\"historyDays\": 0}")).get("userid").asLong();
        tokens(someoneElse);
        assertThat(withings.program().allUsers()).contains(new ProgramUser(String.valueOf(someoneElse),
                Optional.of("user" + someoneElse + "@emulator.local"), false));
        assertThatThrownBy(() -> withings.program().recoverAuthorizationCode(String.valueOf(someoneElse)))
                .isInstanceOf(WithingsApiException.Unauthorized.class);
    }

    @Test
    void aPartnerCallNeedsAFreshNonceAndAWellFormedMacAddress() {
        MacAddress device = programDevice("BPM Connect", null);
        Map<String, String> activate = new HashMap<>(calls().signed("activate"));
        activate.putAll(Map.of("action", "activate", "mailingpref", "0", "birthdate", "-441763200",
                "measures", "[{\"value\":170,\"unit\":-2,\"type\":4},{\"value\":70,\"unit\":0,\"type\":1}]",
                "gender", "0", "preflang", "en_US", "unit_pref", "{\"weight\":1,\"height\":6,\"distance\":6,\"temperature\":11}",
                "email", "raw-" + SERIAL.incrementAndGet() + "@program.example", "timezone", "Europe/Paris",
                "shortname", "RAW"));
        activate.putAll(Map.of("external_id", "raw-" + SERIAL.get(), "mac_addresses", "[\"00:24:E4:zz:00:01\"]"));
        assertThat(api("/v2/user", null, activate).get("status").asInt()).as("not a MAC address").isEqualTo(503);
        activate.put("mac_addresses", "[\"" + device.value().toUpperCase() + "\"]");
        assertThat(api("/v2/user", null, activate).get("status").asInt()).as("a spent nonce").isEqualTo(264);

        activate.putAll(calls().signed("activate"));
        JsonNode activated = api("/v2/user", null, activate);
        assertThat(activated.get("status").asInt()).isZero();
        assertThat(activated.at("/body/devices/0/mac_address").asText()).isEqualTo(device.value());
    }

    @Test
    void theEndOfAProgramTerminatesTheSimThirtyDaysOnAndTheDeviceStaysWithItsMember() {
        MacAddress scale = programDevice("Body", null);
        WithingsTokens member = tokens(withings.program().activate(member(), List.of(scale)));

        SimStatusChange ended = withings.program().endProgram(scale);
        assertThat(ended.newSimStatus()).isEqualTo("PENDING_TERMINATION");
        assertThat(ended.terminationDate()).hasValueSatisfying(date ->
                assertThat(Duration.between(clock.instant(), date)).isBetween(Duration.ofDays(30).minusMinutes(1),
                        Duration.ofDays(30)));
        assertThat(withings.program().cancelEndOfProgram(scale).newSimStatus()).isEqualTo("STANDBY");
        withings.program().endProgram(scale);

        clock.advance(Duration.ofDays(31));
        assertThat(programDevice(scale).get("simStatus").asText()).isEqualTo("TERMINATED");
        assertThatThrownBy(() -> withings.program().cancelEndOfProgram(scale))
                .isInstanceOf(WithingsApiException.BadState.class).hasMessageContaining("terminated");
        WithingsTokens recovered = withings.oauth().exchangeCode(
                withings.program().recoverAuthorizationCode(member.userId()), URI.create(REDIRECT));
        withings.program().unlinkDevice(recovered.accessToken(), scale);
        assertThatThrownBy(() -> withings.program().activate(member(), List.of(scale)))
                .as("a terminated device has left the program").isInstanceOf(WithingsApiException.Unauthorized.class);
    }

    @Test
    void anOrderShipsTheKitsOfItsReferenceFromTheProgramsStock() {
        String kit = "KIT-BPM-" + SERIAL.incrementAndGet();
        MacAddress first = programDevice("BPM Connect Pro", kit);
        MacAddress second = programDevice("BPM Connect Pro", kit);
        DeviceOrder.Address address = new DeviceOrder.Address("Ada Lovelace", "ada@example.org", "1st Avenue",
                Optional.empty(), "New York", "10001", Optional.of("NY"), "US");

        OrderedMember ordered = withings.program().createUserOrder(member(), List.of(new DeviceOrder(kit + "-order",
                address, List.of(DeviceOrder.Product.partnerRef(kit, 1)), false)));
        assertThat(ordered.orders()).singleElement().satisfies(order -> {
            assertThat(order.customerRefId()).isEqualTo(kit + "-order");
            assertThat(order.status()).isEqualTo("VERIFIED");
        });
        WithingsTokens tokens = withings.oauth().exchangeCode(ordered.authorizationCode(), URI.create(REDIRECT));
        assertThat(List.of(programDevice(first), programDevice(second)))
                .extracting(device -> device.get("member").asText())
                .containsExactly(tokens.userId(), "null");

        assertThatThrownBy(() -> withings.program().createUserOrder(member(), List.of(new DeviceOrder(kit + "-again",
                address, List.of(DeviceOrder.Product.partnerRef(kit, 2)), false))))
                .isInstanceOf(WithingsApiException.InvalidParameters.class).hasMessageContaining("stock");

        Map<String, String> order = new HashMap<>(calls().signed("createuserorder"));
        order.putAll(Map.of("action", "createuserorder", "mailingpref", "1", "birthdate", "0",
                "measures", "[{\"value\":170,\"unit\":-2,\"type\":4},{\"value\":70,\"unit\":0,\"type\":1}]",
                "gender", "1", "preflang", "en_US", "unit_pref", "{\"weight\":1,\"height\":6,\"distance\":6,\"temperature\":11}",
                "email", kit + "@program.example", "timezone", "UTC", "shortname", "ORD"));
        order.putAll(Map.of("external_id", kit, "order", "[{\"customer_ref_id\":\"" + kit + "-nowhere\","
                + "\"address\":{\"name\":\"Ada\"},\"products\":[{\"quantity\":1,\"partner_ref\":\"" + kit + "\"}]}]"));
        JsonNode refused = api("/v2/dropshipment", null, order);
        assertThat(refused.get("status").asInt()).isEqualTo(503);
        assertThat(refused.at("/body/invalid_address_customer_ref_ids/0").asText()).isEqualTo(kit + "-nowhere");
    }

    /** A device of the program, seeded through the control API with a MAC address of its own. */
    private MacAddress programDevice(String model, String reference) {
        MacAddress mac = new MacAddress(String.format("00:24:e4:%02x:%02x:%02x", 0x10, SERIAL.get() / 256 % 256,
                SERIAL.incrementAndGet() % 256));
        String body = "{\"macAddress\": \"" + mac + "\", \"model\": \"" + model + "\""
                + (reference == null ? "" : ", \"reference\": \"" + reference + "\"") + "}";
        assertThat(send("POST", "/_emulator/program/devices", body).statusCode()).isEqualTo(201);
        return mac;
    }

    private JsonNode programDevice(MacAddress mac) {
        for (JsonNode device : json(send("GET", "/_emulator/program/devices", null))) {
            if (device.get("macAddress").asText().equals(mac.value())) {
                return device;
            }
        }
        throw new AssertionError("no program device " + mac);
    }

    private JsonNode measure(MacAddress device, String body) {
        var answer = send("POST", "/_emulator/program/devices/" + device + "/measures", body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return json(answer);
    }

    private WithingsTokens tokens(ActivatedMember member) {
        return withings.oauth().exchangeCode(member.authorizationCode(), URI.create(REDIRECT));
    }

    private List<BigDecimal> weights(WithingsTokens member) {
        return withings.allMeasures(member.accessToken(), MeasureQuery.everything()).groups().stream()
                .flatMap(group -> group.measures().stream()).filter(measure -> measure.type() == 1)
                .map(measure -> measure.decimalValue()).toList();
    }

    private static NewMember member() {
        int serial = SERIAL.incrementAndGet();
        return new NewMember("member-" + serial, "member" + serial + "@program.example", "M" + String.format("%02d",
                serial % 100), LocalDate.of(1950, 1, 1).plusDays(serial), NewMember.Gender.MAN, new BigDecimal("1.75"),
                new BigDecimal("80"), ZoneId.of("Europe/Paris"), "en_US", NewMember.Units.METRIC, false, Optional.empty());
    }
}
