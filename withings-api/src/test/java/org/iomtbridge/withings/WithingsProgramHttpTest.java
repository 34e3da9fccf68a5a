package org.iomtbridge.withings;

import org.iomtbridge.withings.model.ActivatedMember;
import org.iomtbridge.withings.model.LinkedDevice;
import org.iomtbridge.withings.model.MacAddress;
import org.iomtbridge.withings.model.OrderedMember;
import org.iomtbridge.withings.model.PlacedOrder;
import org.iomtbridge.withings.model.ProgramUser;
import org.iomtbridge.withings.model.SimStatusChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The program calls of provider-managed devices against a real HTTP server on loopback, answering with the request and
 * answer shapes of Withings' API reference (User v2 - Activate, Dropshipment v2 - Createuserorder, OAuth 2.0 - Retrieve
 * a new authorization code, OAuth 2.0 - Get user list, User v2 - Unlink, Device v2 - Endpartnerprogram).
 */
class WithingsProgramHttpTest {

    private static final String CLIENT_ID = "program-client-id";
    private static final String CLIENT_SECRET = "program-secret-1a2b3c";
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final NewMember MEMBER = new NewMember("member-0042", "ada@example.org", "ADA",
            LocalDate.of(1956, 3, 14), NewMember.Gender.WOMAN, new BigDecimal("1.68"), new BigDecimal("72.5"),
            ZoneId.of("America/New_York"), "en_US", NewMember.Units.US_CUSTOMARY, false, Optional.empty());
    private static final MacAddress BPM = new MacAddress("00:24:E4:69:B2:30");
    private static final MacAddress SCALE = new MacAddress("00:24:e4:11:22:33");

    private FakeWithings withings;
    private WithingsProgram program;

    @BeforeEach
    void start() throws Exception {
        withings = new FakeWithings();
        withings.answer("/v2/signature", "getnonce", nonce("nonce-1"), nonce("nonce-2"), nonce("nonce-3"));
        program = client(ResponseListener.NONE).program();
    }

    @AfterEach
    void stop() {
        withings.close();
    }

    private WithingsClient client(ResponseListener listener) {
        return WithingsClient.builder(new ClientCredentials(CLIENT_ID, CLIENT_SECRET))
                .endpoints(WithingsEndpoints.emulator(withings.baseUrl()))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .responseListener(listener)
                .build();
    }

    @Test
    void activateSendsTheDocumentedSignedFormAndReadsTheMemberAndTheLinkedDevices() {
        withings.answer("/v2/user", "activate", "{\"status\":0,\"body\":{\"user\":{\"code\":\"490ed603fe9bd2ce1002\","
                + "\"external_id\":\"member-0042\"},\"devices\":[{\"mac_address\":\"00:24:e4:69:b2:30\","
                + "\"type\":\"Blood Pressure Monitor\",\"model\":\"BPM Pro 2\",\"model_id\":47,\"deviceid\":\"9b1f\"},"
                + "{\"mac_address\":\"00:24:e4:11:22:33\",\"type\":\"Scale\",\"model\":\"Body Pro\"}]}}");

        ActivatedMember member = program.activate(MEMBER, List.of(BPM, SCALE, new MacAddress("00:24:e4:69:b2:30")));

        FakeWithings.Received getnonce = withings.received().get(0);
        assertThat(getnonce.path()).isEqualTo("/v2/signature");
        assertThat(getnonce.form().get("signature")).isEqualTo(hmac("getnonce," + CLIENT_ID + "," + NOW.getEpochSecond()));
        FakeWithings.Received activate = withings.last();
        assertThat(activate.path()).isEqualTo("/v2/user");
        assertThat(activate.authorization()).isEmpty();
        assertThat(activate.form()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("action", "activate"),
                Map.entry("client_id", CLIENT_ID),
                Map.entry("nonce", "nonce-1"),
                Map.entry("signature", hmac("activate," + CLIENT_ID + ",nonce-1")),
                Map.entry("mailingpref", "0"),
                Map.entry("birthdate", String.valueOf(LocalDate.of(1956, 3, 14).atStartOfDay(ZoneOffset.UTC).toEpochSecond())),
                Map.entry("measures", "[{\"value\":168,\"unit\":-2,\"type\":4},{\"value\":725,\"unit\":-1,\"type\":1}]"),
                Map.entry("gender", "1"),
                Map.entry("preflang", "en_US"),
                Map.entry("unit_pref", "{\"weight\":2,\"height\":7,\"distance\":8,\"temperature\":13}"),
                Map.entry("email", "ada@example.org"),
                Map.entry("timezone", "America/New_York"),
                Map.entry("shortname", "ADA"),
                Map.entry("external_id", "member-0042"),
                Map.entry("mac_addresses", "[\"00:24:e4:69:b2:30\",\"00:24:e4:11:22:33\"]")));

        assertThat(member.externalId()).isEqualTo("member-0042");
        assertThat(member.authorizationCode()).isEqualTo("490ed603fe9bd2ce1002");
        assertThat(member.devices()).containsExactly(
                new LinkedDevice(BPM, "Blood Pressure Monitor", Optional.of("BPM Pro 2"), OptionalInt.of(47),
                        Optional.of("9b1f")),
                new LinkedDevice(SCALE, "Scale", Optional.of("Body Pro"), OptionalInt.empty(), Optional.empty()));
        assertThat(member.toString()).doesNotContain("490ed603fe9bd2ce1002");
    }

    @Test
    void theMembersCodeIsExchangedLikeAnyAuthorizationCode() {
        withings.answer("/v2/oauth2", "recoverauthorizationcode",
                "{\"status\":0,\"body\":{\"user\":{\"code\":\"recovered-code-77\"}}}");
        withings.answer("/v2/oauth2", "requesttoken", "{\"status\":0,\"body\":{\"userid\":363,\"access_token\":\"a-1\","
                + "\"refresh_token\":\"r-1\",\"expires_in\":10800,\"scope\":\"user.info,user.metrics,user.activity\","
                + "\"token_type\":\"Bearer\"}}");
        WithingsClient client = client(ResponseListener.NONE);

        String code = client.program().recoverAuthorizationCode("363");
        WithingsTokens tokens = client.oauth().exchangeCode(code, URI.create("https://program.example/withings"));

        assertThat(withings.received().get(1).form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", "recoverauthorizationcode", "client_id", CLIENT_ID, "nonce", "nonce-1",
                "signature", hmac("recoverauthorizationcode," + CLIENT_ID + ",nonce-1"), "userid", "363"));
        assertThat(withings.last().form()).containsEntry("grant_type", "authorization_code")
                .containsEntry("code", "recovered-code-77");
        assertThat(tokens.userId()).isEqualTo("363");
    }

    @Test
    void createUserOrderSendsTheOrdersAsDocumentedAndReadsThePlacedOrders() {
        withings.answer("/v2/dropshipment", "createuserorder", "{\"status\":0,\"body\":{\"user\":{"
                + "\"code\":\"490ed603fe9bd2ce10027bdba0c932069cd27085\",\"external_id\":\"member-0042\"},"
                + "\"orders\":[{\"order_id\":\"D12345678\",\"customer_ref_id\":\"REF-1\",\"status\":\"VERIFIED\","
                + "\"products\":[{\"ean\":\"3700546702518\",\"quantity\":1}]}],\"dropshipmentorderid\":\"4874687\"}}");
        DeviceOrder order = new DeviceOrder("REF-1", new DeviceOrder.Address("Ada Lovelace", "ada@example.org",
                "1st Avenue", Optional.of("Apartment 12"), "New-York", "10001", Optional.of("NY"), "US"),
                List.of(DeviceOrder.Product.ean("3700546702518", 1)), false);

        OrderedMember member = program.createUserOrder(MEMBER, List.of(order));

        FakeWithings.Received request = withings.last();
        assertThat(request.path()).isEqualTo("/v2/dropshipment");
        assertThat(request.form()).containsEntry("action", "createuserorder")
                .containsEntry("signature", hmac("createuserorder," + CLIENT_ID + ",nonce-1"))
                .containsEntry("external_id", "member-0042")
                .containsEntry("order", "[{\"customer_ref_id\":\"REF-1\",\"address\":{\"name\":\"Ada Lovelace\","
                        + "\"email\":\"ada@example.org\",\"address1\":\"1st Avenue\",\"city\":\"New-York\",\"zip\":\"10001\","
                        + "\"country\":\"US\",\"address2\":\"Apartment 12\",\"state\":\"NY\"},"
                        + "\"products\":[{\"quantity\":1,\"ean\":\"3700546702518\"}]}]")
                .doesNotContainKey("mac_addresses");
        assertThat(member.orders()).containsExactly(new PlacedOrder("D12345678", "REF-1", "VERIFIED"));
        assertThat(member.dropshipmentOrderId()).isEqualTo("4874687");
        assertThat(member.toString()).doesNotContain("490ed603").doesNotContain("ada@example.org");
        assertThat(order.toString()).doesNotContain("1st Avenue");
    }

    /** The documented AddressError answer: status 503, with the references of the orders whose address failed. */
    @Test
    void anAddressTheCarrierRefusesFailsTheWholeOrderWithoutShowingTheMembersDetails() {
        withings.answer("/v2/dropshipment", "createuserorder", "{\"status\":503,\"body\":{"
                + "\"invalid_address_customer_ref_ids\":[\"REF-1\"]},\"error\":\"Invalid address for ada@example.org\"}");
        DeviceOrder order = new DeviceOrder("REF-1", new DeviceOrder.Address("Ada", "ada@example.org", "Nowhere 1",
                Optional.empty(), "Atlantis", "00000", Optional.empty(), "US"),
                List.of(DeviceOrder.Product.partnerRef("KIT-BPM", 1)), false);

        WithingsApiException.InvalidParameters refused = catchThrowableOfType(
                () -> program.createUserOrder(MEMBER, List.of(order)), WithingsApiException.InvalidParameters.class);

        assertThat(refused.call()).isEqualTo("/v2/dropshipment createuserorder");
        assertThat(refused).hasMessageContaining("force the address").hasMessageNotContaining("ada@example.org");
    }

    @Test
    void listusersPagesWithAFreshNonceForEachPage() {
        withings.answer("/v2/oauth2", "listusers",
                "{\"status\":0,\"body\":{\"users\":[{\"hash_userid\":\"b1e4\",\"userid\":2685485,"
                        + "\"email\":\"one@example.org\",\"fully_owned\":true}],\"more\":true,\"offset\":1}}",
                "{\"status\":0,\"body\":{\"users\":[{\"userid\":\"363\",\"fully_owned\":false}],\"more\":false,\"offset\":0}}");

        List<ProgramUser> users = program.allUsers();

        assertThat(users).containsExactly(new ProgramUser("2685485", Optional.of("one@example.org"), true),
                new ProgramUser("363", Optional.empty(), false));
        List<FakeWithings.Received> pages = withings.received().stream()
                .filter(request -> "listusers".equals(request.action())).toList();
        assertThat(pages).extracting(page -> page.form().get("nonce")).containsExactly("nonce-1", "nonce-2");
        assertThat(pages).extracting(page -> page.form().get("offset")).containsExactly(null, "1");
        assertThat(pages.get(1).form().get("signature")).isEqualTo(hmac("listusers," + CLIENT_ID + ",nonce-2"));
    }

    @Test
    void unlinkIsTheMembersCallAndEndOfProgramIsSigned() {
        AccessToken memberToken = new AccessToken("member-access-1");
        withings.answer("/v2/user", "unlink", "{\"status\":0,\"body\":{}}");
        withings.answer("/v2/device", "endpartnerprogram",
                "{\"status\":0,\"body\":{\"new_sim_status\":\"PENDING_TERMINATION\",\"termination_date\":1656518088}}",
                "{\"status\":0,\"body\":{\"new_sim_status\":\"STANDBY\"}}");

        program.unlinkDevice(memberToken, BPM);
        assertThat(withings.last().path()).isEqualTo("/v2/user");
        assertThat(withings.last().authorization()).contains("Bearer member-access-1");
        assertThat(withings.last().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", "unlink", "mac_address", "00:24:e4:69:b2:30"));

        SimStatusChange ended = program.endProgram(BPM);
        assertThat(withings.last().path()).isEqualTo("/v2/device");
        assertThat(withings.last().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", "endpartnerprogram", "client_id", CLIENT_ID, "nonce", "nonce-1",
                "signature", hmac("endpartnerprogram," + CLIENT_ID + ",nonce-1"),
                "mac_address", "00:24:e4:69:b2:30", "status", "TERMINATED"));
        assertThat(ended).isEqualTo(new SimStatusChange("PENDING_TERMINATION",
                Optional.of(Instant.ofEpochSecond(1656518088))));

        assertThat(program.cancelEndOfProgram(BPM)).isEqualTo(new SimStatusChange("STANDBY", Optional.empty()));
        assertThat(withings.last().form()).containsEntry("status", "STANDBY").containsEntry("nonce", "nonce-2");
    }

    /**
     * Withings documents families of statuses, not which status means what: each family of a program call says what
     * to do about it for that call.
     */
    @Test
    void aRefusedActivationSaysWhatToDoForItsFamily() {
        withings.answer("/v2/user", "activate", FakeWithings.error(524, "Device already linked"));
        assertThatThrownBy(() -> program.activate(MEMBER, List.of(BPM)))
                .isExactlyInstanceOf(WithingsApiException.BadState.class)
                .hasMessageContaining("status 524").hasMessageContaining("unlink it from that member first");

        withings.answer("/v2/user", "activate", FakeWithings.error(214, "Unauthorized device"));
        assertThatThrownBy(() -> program.activate(MEMBER, List.of(BPM)))
                .isExactlyInstanceOf(WithingsApiException.Unauthorized.class)
                .hasMessageContaining("authorize the device for your client id");

        withings.answer("/v2/user", "activate", FakeWithings.error(503, "Invalid Params: mac_addresses for ada@example.org"));
        assertThatThrownBy(() -> program.activate(MEMBER, List.of(BPM)))
                .isExactlyInstanceOf(WithingsApiException.InvalidParameters.class)
                .hasMessageContaining("MAC addresses").hasMessageNotContaining("ada@example.org");

        withings.answer("/v2/oauth2", "recoverauthorizationcode", FakeWithings.error(214, "Unauthorized"));
        assertThatThrownBy(() -> program.recoverAuthorizationCode("363"))
                .isExactlyInstanceOf(WithingsApiException.Unauthorized.class)
                .hasMessageContaining("only a member the application created");

        withings.answer("/v2/user", "getdevice", FakeWithings.error(214, "Unauthorized"));
        assertThatThrownBy(() -> client(ResponseListener.NONE).devices(new AccessToken("t")))
                .as("the other calls keep their family's advice")
                .hasMessageContaining(StatusFamily.UNAUTHORIZED.advice());
    }

    @Test
    void aListenerNeverHearsAnAnswerThatCarriesAMembersCode() {
        List<Answer> heard = new CopyOnWriteArrayList<>();
        WithingsProgram listened = client(heard::add).program();
        withings.answer("/v2/user", "activate", "{\"status\":0,\"body\":{\"user\":{\"code\":\"c-1\",\"external_id\":\"e\"},"
                + "\"devices\":[]}}");
        withings.answer("/v2/oauth2", "recoverauthorizationcode", "{\"status\":0,\"body\":{\"user\":{\"code\":\"c-2\"}}}");
        withings.answer("/v2/device", "endpartnerprogram", "{\"status\":0,\"body\":{\"new_sim_status\":\"STANDBY\"}}");

        listened.activate(MEMBER, List.of(BPM));
        listened.recoverAuthorizationCode("363");
        listened.cancelEndOfProgram(BPM);

        assertThat(heard).singleElement().satisfies(answer -> {
            assertThat(answer.call()).isEqualTo(WithingsCall.DEVICE_ENDPARTNERPROGRAM);
            assertThat(answer.parameters()).containsOnlyKeys("client_id", "mac_address", "nonce", "signature", "status");
        });
    }

    @Test
    void inputsAreBoundedBeforeAnythingIsSent() {
        assertThat(new MacAddress(" 00:24:E4:AA:bb:0C ").value()).isEqualTo("00:24:e4:aa:bb:0c");
        for (String notAnAddress : List.of("", "00:24:e4:69:b2", "00-24-e4-69-b2-30", "00:24:e4:69:b2:3g", "0024e469b230")) {
            assertThatThrownBy(() -> new MacAddress(notAnAddress)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("six hex pairs joined by colons");
        }
        assertThatThrownBy(() -> program.activate(MEMBER, List.of())).hasMessageContaining("at least one device");
        assertThatThrownBy(() -> program.createUserOrder(MEMBER, List.of())).hasMessageContaining("1 to 10 orders");
        assertThatThrownBy(() -> new NewMember("m", "ada@example.org", "AD!", LocalDate.of(1956, 3, 14),
                NewMember.Gender.WOMAN, new BigDecimal("1.68"), new BigDecimal("72.5"), ZoneId.of("UTC"), "en_US",
                NewMember.Units.METRIC, true, Optional.empty())).hasMessageContaining("3 letters or digits");
        assertThatThrownBy(() -> new NewMember("m", "ada@example.org", "ADA", LocalDate.of(1956, 3, 14),
                NewMember.Gender.WOMAN, new BigDecimal("1.68"), new BigDecimal("700"), ZoneId.of("UTC"), "en_US",
                NewMember.Units.METRIC, true, Optional.empty())).hasMessageContaining("between 1 and 600");
        assertThatThrownBy(() -> new NewMember("m", "ada@example.org", "ADA", LocalDate.of(1956, 3, 14),
                NewMember.Gender.WOMAN, new BigDecimal("1.68"), new BigDecimal("70"), ZoneId.of("UTC"), "en_US",
                NewMember.Units.METRIC, true, Optional.of("0612345678"))).hasMessageContaining("E.164");
        assertThatThrownBy(() -> new DeviceOrder.Product(1, Optional.of("370"), Optional.of("KIT")))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new DeviceOrder.Address("Ada", "a@b", "1st", Optional.empty(), "NYC", "10001",
                Optional.empty(), "USA")).hasMessageContaining("two-letter ISO code");
        assertThat(withings.received()).isEmpty();
    }

    private static String nonce(String nonce) {
        return "{\"status\":0,\"body\":{\"nonce\":\"" + nonce + "\"}}";
    }

    /** Recomputed here, independently of the client's signer. */
    private static String hmac(String data) {
        return FakeWithings.signature(CLIENT_SECRET, data);
    }
}
