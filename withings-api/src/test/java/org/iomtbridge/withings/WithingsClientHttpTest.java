package org.iomtbridge.withings;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.iomtbridge.withings.model.ActivityDays;
import org.iomtbridge.withings.model.HeartRecord;
import org.iomtbridge.withings.model.HeartRecords;
import org.iomtbridge.withings.model.HeartSignal;
import org.iomtbridge.withings.model.IntradaySample;
import org.iomtbridge.withings.model.MeasureGroups;
import org.iomtbridge.withings.model.NotificationCategory;
import org.iomtbridge.withings.model.NotificationSubscription;
import org.iomtbridge.withings.model.SleepSummaries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The client against a real HTTP server on loopback that answers with recorded Withings responses and errors. */
class WithingsClientHttpTest {

    private static final String CLIENT_ID = "bridge-client-id";
    private static final String CLIENT_SECRET = "client-secret-5a6b7c";
    private static final AccessToken TOKEN = new AccessToken("access-token-9f8e7d6c");
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private FakeWithings withings;
    private WithingsClient client;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void start() throws Exception {
        withings = new FakeWithings();
        client = clientFor(withings, false);
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger("org.iomtbridge")).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("org.iomtbridge")).detachAppender(logs);
        withings.close();
    }

    private static WithingsClient clientFor(FakeWithings server, boolean signed) {
        return WithingsClient.builder(new ClientCredentials(CLIENT_ID, CLIENT_SECRET))
                .endpoints(WithingsEndpoints.emulator(server.baseUrl()))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .requestTimeout(Duration.ofSeconds(5))
                .signTokenRequests(signed)
                .build();
    }

    @Test
    void getmeasIsAFormPostWithTheTokenInTheBearerHeaderOnly() {
        withings.answerFixture("/measure", "getmeas", "measurement.json");

        MeasureGroups answer = client.measures(TOKEN,
                MeasureQuery.updatedSince(Instant.ofEpochSecond(1693000000)).withTypes(1, 4).withCategory(1));

        assertThat(answer.groups()).hasSize(2);
        FakeWithings.Received request = withings.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/measure");
        assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.authorization()).contains("Bearer " + TOKEN.value());
        assertThat(request.form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", "getmeas", "meastypes", "1,4", "category", "1", "lastupdate", "1693000000"));
    }

    @Test
    void getmeasSendsOneTypeAsMeastypeAndAWindowAsStartAndEndDate() {
        withings.answerFixture("/measure", "getmeas", "measurement.json");

        client.measures(TOKEN, MeasureQuery.between(Instant.ofEpochSecond(100), Instant.ofEpochSecond(200)).withTypes(1));

        assertThat(withings.last().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", "getmeas", "meastype", "1", "startdate", "100", "enddate", "200"));
    }

    @Test
    void allMeasuresFollowsMoreAndOffsetGivenAsIntegerOrBoolean() {
        withings.answer("/measure", "getmeas",
                measurePage(1000, 1, "1", 2),
                measurePage(1001, 2, "true", 4),
                measurePage(1002, 3, "0", 0));

        MeasureGroups all = client.allMeasures(TOKEN, MeasureQuery.updatedSince(Instant.ofEpochSecond(5)));

        assertThat(all.groups()).extracting(group -> group.grpid()).containsExactly(5000000001L, 5000000002L, 5000000003L);
        assertThat(all.more()).isFalse();
        assertThat(all.updateTime()).as("the first page's time, so no change during paging is skipped")
                .isEqualTo(Instant.ofEpochSecond(1000));
        assertThat(withings.received()).extracting(request -> request.form().get("offset"))
                .containsExactly(null, "2", "4");
        assertThat(withings.received()).allSatisfy(request -> assertThat(request.form()).containsEntry("lastupdate", "5"));
    }

    @Test
    void pagingStopsWithAClearErrorWhenTheOffsetDoesNotAdvance() {
        withings.answer("/measure", "getmeas", measurePage(1000, 1, "1", 3), measurePage(1000, 2, "1", 3));

        assertThatThrownBy(() -> client.allMeasures(TOKEN, MeasureQuery.everything()))
                .isInstanceOf(WithingsResponseException.class)
                .hasMessageContaining("getmeas")
                .hasMessageContaining("offset 3 does not advance past 3");
        assertThat(withings.received()).hasSize(2);
    }

    @Test
    void statusesBecomeTypedExceptionsWithStatusAndErrorText() {
        withings.answer("/measure", "getmeas", FakeWithings.error(401, "XRequestID: Not provided invalid_token: The access token provided is invalid"));
        WithingsApiException.AuthenticationFailed invalidToken = catchThrowableOfType(() -> client.measures(TOKEN, MeasureQuery.everything()), WithingsApiException.AuthenticationFailed.class);
        assertThat(invalidToken.status()).isEqualTo(401);
        assertThat(invalidToken.errorText()).contains("invalid_token");
        assertThat(invalidToken.call()).isEqualTo("/measure getmeas");
        assertThat(invalidToken.retryable()).isFalse();
        assertThat(invalidToken).hasMessageContaining("status 401").hasMessageContaining("authorize again");

        withings.answer("/v2/measure", "getactivity", FakeWithings.error(601, "Too Many Requests"));
        WithingsApiException.TooManyRequests tooMany = catchThrowableOfType(() -> client.activity(TOKEN, DayQuery.days(LocalDate.of(2023, 10, 20), LocalDate.of(2023, 10, 21))), WithingsApiException.TooManyRequests.class);
        assertThat(tooMany.status()).isEqualTo(601);
        assertThat(tooMany.retryable()).isTrue();

        withings.answer("/v2/oauth2", "requesttoken", FakeWithings.error(503, "Invalid Params: invalid code"));
        WithingsApiException.InvalidParameters badCode = catchThrowableOfType(() -> client.oauth().exchangeCode("expired-code-123", URI.create("https://bridge.example/callback")), WithingsApiException.InvalidParameters.class);
        assertThat(badCode.status()).isEqualTo(503);

        withings.answer("/notify", "subscribe", FakeWithings.error(293, "The callback URL is either absent or incorrect"));
        WithingsApiException.InvalidParameters badCallback = catchThrowableOfType(() -> client.subscribe(TOKEN, URI.create("https://bridge.example/webhooks/withings/s3cr3t"), NotificationCategory.WEIGHT, "weight"), WithingsApiException.InvalidParameters.class);
        assertThat(badCallback.status()).isEqualTo(293);
        assertThat(badCallback.errorText()).contains("callback URL");
    }

    @Test
    void everyCallPassesTheGateFirstAndItsOutcomeIsObserved() {
        List<String> entered = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> limited = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        WithingsClient gated = WithingsClient.builder(new ClientCredentials(CLIENT_ID, CLIENT_SECRET))
                .endpoints(WithingsEndpoints.emulator(withings.baseUrl()))
                .callObserver((call, outcome, took) -> outcomes.add(call + ": " + outcome))
                .callGate(new CallGate() {
                    @Override
                    public void enter(WithingsCall call) {
                        assertThat(withings.received()).as("the gate opens before the request leaves")
                                .hasSize(entered.size());
                        entered.add(call.toString());
                    }

                    @Override
                    public void limitReached(WithingsCall call) {
                        limited.add(call.toString());
                    }
                })
                .build();
        withings.answerFixture("/measure", "getmeas", "measurement.json");
        withings.answer("/v2/measure", "getactivity", FakeWithings.error(601, "Too Many Requests"));

        gated.measures(TOKEN, MeasureQuery.everything());
        assertThatThrownBy(() -> gated.activity(TOKEN, DayQuery.days(LocalDate.of(2023, 10, 20), LocalDate.of(2023, 10, 21))))
                .isInstanceOf(WithingsApiException.TooManyRequests.class);

        assertThat(entered).containsExactly("/measure getmeas", "/v2/measure getactivity");
        assertThat(limited).containsExactly("/v2/measure getactivity");
        assertThat(outcomes).containsExactly("/measure getmeas: status 0", "/v2/measure getactivity: status 601");
    }

    @Test
    void everyStatusFamilyHasItsOwnException() {
        Map<Integer, Class<? extends WithingsApiException>> expected = Map.of(
                100, WithingsApiException.AuthenticationFailed.class,
                214, WithingsApiException.Unauthorized.class,
                2554, WithingsApiException.NotImplemented.class,
                522, WithingsApiException.Timeout.class,
                524, WithingsApiException.BadState.class,
                215, WithingsApiException.ErrorOccurred.class,
                247, WithingsApiException.InvalidParameters.class);
        expected.forEach((status, type) -> {
            withings.answer("/v2/user", "getdevice", FakeWithings.error(status, "error " + status));
            assertThatThrownBy(() -> client.devices(TOKEN)).isExactlyInstanceOf(type)
                    .hasMessageContaining("status " + status);
        });
    }

    @Test
    void noMessageNorLogLineShowsATokenASecretOrACode() {
        withings.answer("/measure", "getmeas", FakeWithings.error(401, "invalid_token " + TOKEN.value()));
        withings.answer("/v2/oauth2", "requesttoken",
                FakeWithings.error(100, "refresh-token-abc123 rejected for " + CLIENT_SECRET),
                FakeWithings.error(503, "code-xyz789 rejected for " + CLIENT_SECRET));
        withings.answerHttp("/v2/heart", "list", 502, "<html>proxy error for " + TOKEN.value() + "</html>");
        withings.answer("/v2/sleep", "getsummary", "not json " + TOKEN.value());

        List<Throwable> failures = List.of(
                catchThrowableOfType(() -> client.measures(TOKEN, MeasureQuery.everything()), WithingsException.class),
                catchThrowableOfType(() -> client.oauth().refresh(new RefreshToken("refresh-token-abc123")), WithingsException.class),
                catchThrowableOfType(() -> client.oauth().exchangeCode("code-xyz789", URI.create("https://bridge.example/cb")), WithingsException.class),
                catchThrowableOfType(() -> client.heartRecords(TOKEN, TimeQuery.everything()), WithingsException.class),
                catchThrowableOfType(() -> client.sleepSummaries(TOKEN, DayQuery.updatedSince(Instant.EPOCH)), WithingsException.class));

        List<String> secrets = List.of(TOKEN.value(), "refresh-token-abc123", "code-xyz789", CLIENT_SECRET);
        assertThat(failures).hasSize(5).allSatisfy(failure -> {
            assertThat(failure).isNotNull();
            secrets.forEach(secret -> assertThat(failure.getMessage()).doesNotContain(secret));
        });
        assertThat(failures.get(0).getMessage()).contains("[redacted]");
        assertThat(logs.list).isNotEmpty().allSatisfy(event ->
                secrets.forEach(secret -> assertThat(event.getFormattedMessage()).doesNotContain(secret)));
        assertThat(TOKEN.toString()).doesNotContain(TOKEN.value());
        assertThat(new ClientCredentials(CLIENT_ID, CLIENT_SECRET).toString()).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void anHttpErrorOrAnUnreachableServerIsARetryableTransportFailure() {
        withings.answerHttp("/v2/user", "getdevice", 503, "Service Unavailable");
        WithingsTransportException overloaded = catchThrowableOfType(() -> client.devices(TOKEN), WithingsTransportException.class);
        assertThat(overloaded.httpStatus()).hasValue(503);
        assertThat(overloaded.retryable()).isTrue();

        FakeWithings gone = withings;
        URI deadBase = gone.baseUrl();
        gone.close();
        WithingsClient unreachable = WithingsClient.builder(new ClientCredentials(CLIENT_ID, CLIENT_SECRET))
                .endpoints(WithingsEndpoints.emulator(deadBase)).build();
        WithingsTransportException refused = catchThrowableOfType(() -> unreachable.devices(TOKEN), WithingsTransportException.class);
        assertThat(refused.retryable()).isTrue();
        assertThat(refused).hasMessageContaining(deadBase.toString()).hasMessageContaining("/v2/user getdevice");
    }

    @Test
    void authorizeUrlNamesClientScopesRedirectStateAndDemoMode() {
        URI url = client.oauth().authorizeUrl(new AuthorizationRequest(URI.create("https://bridge.example/oauth/callback"),
                "state-1234", Set.of(Scope.USER_METRICS, Scope.USER_INFO, Scope.USER_ACTIVITY), true));

        assertThat(url.getPath()).isEqualTo("/oauth2_user/authorize2");
        assertThat(url.toString()).startsWith(withings.baseUrl().toString());
        assertThat(query(url)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "response_type", "code",
                "client_id", CLIENT_ID,
                "scope", "user.activity,user.info,user.metrics",
                "redirect_uri", "https://bridge.example/oauth/callback",
                "state", "state-1234",
                "mode", "demo"));
        assertThat(WithingsEndpoints.CLOUD.account(""))
                .isEqualTo(URI.create("https://account.withings.com"));
    }

    @Test
    void codeExchangeSendsTheSecretOnceAndReadsANumericUserid() {
        withings.answer("/v2/oauth2", "requesttoken", tokenAnswer("12345678", "access-1", "refresh-1"));

        WithingsTokens tokens = client.oauth().exchangeCode("the-code", URI.create("https://bridge.example/cb"));

        assertThat(withings.last().path()).isEqualTo("/v2/oauth2");
        assertThat(withings.last().authorization()).isEmpty();
        assertThat(withings.last().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", "requesttoken", "grant_type", "authorization_code", "client_id", CLIENT_ID,
                "client_secret", CLIENT_SECRET, "code", "the-code", "redirect_uri", "https://bridge.example/cb"));
        assertThat(tokens.userId()).isEqualTo("12345678");
        assertThat(tokens.accessToken().value()).isEqualTo("access-1");
        assertThat(tokens.refreshToken().value()).isEqualTo("refresh-1");
        assertThat(tokens.expiresAt()).isEqualTo(NOW.plusSeconds(10800));
        assertThat(tokens.scopes()).containsExactlyInAnyOrder(Scope.USER_INFO, Scope.USER_METRICS);
        assertThat(tokens.granted(Scope.USER_METRICS)).isTrue();
        assertThat(tokens.granted(Scope.USER_ACTIVITY)).isFalse();
        assertThat(tokens.expiresWithin(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC))).isFalse();
        assertThat(tokens.expiresWithin(Duration.ofHours(3), Clock.fixed(NOW, ZoneOffset.UTC))).isTrue();
        assertThat(tokens.toString()).doesNotContain("access-1").doesNotContain("refresh-1");
    }

    @Test
    void refreshReturnsTheRotatedRefreshToken() {
        withings.answer("/v2/oauth2", "requesttoken", tokenAnswer("\"12345678\"", "access-2", "refresh-2"));

        WithingsTokens rotated = client.oauth().refresh(new RefreshToken("refresh-1"));

        assertThat(withings.last().form()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "refresh-1");
        assertThat(rotated.userId()).isEqualTo("12345678");
        assertThat(rotated.refreshToken().value()).isEqualTo("refresh-2");
        assertThat(rotated.accessToken().value()).isEqualTo("access-2");
    }

    @Test
    void signedTokenRequestsCarryANonceAndAVerifiableSignatureInsteadOfTheSecret() {
        WithingsClient signedClient = clientFor(withings, true);
        withings.answer("/v2/signature", "getnonce", "{\"status\":0,\"body\":{\"nonce\":\"nonce-42\"}}");
        withings.answer("/v2/oauth2", "requesttoken", tokenAnswer("7", "access-3", "refresh-3"));

        signedClient.oauth().refresh(new RefreshToken("refresh-2"));

        FakeWithings.Received getnonce = withings.received().get(0);
        assertThat(getnonce.path()).isEqualTo("/v2/signature");
        assertThat(getnonce.form()).containsEntry("action", "getnonce").containsEntry("client_id", CLIENT_ID)
                .containsEntry("timestamp", String.valueOf(NOW.getEpochSecond()));
        assertThat(getnonce.form().get("signature"))
                .isEqualTo(hmac("getnonce," + CLIENT_ID + "," + NOW.getEpochSecond()));
        FakeWithings.Received token = withings.received().get(1);
        assertThat(token.form()).doesNotContainKey("client_secret")
                .containsEntry("nonce", "nonce-42")
                .containsEntry("signature", hmac("requesttoken," + CLIENT_ID + ",nonce-42"));
        assertThat(withings.received()).noneSatisfy(request ->
                assertThat(String.join("&", request.form().values())).contains(CLIENT_SECRET));
    }

    @Test
    void partnerRevokeIsSigned() {
        withings.answer("/v2/signature", "getnonce", "{\"status\":0,\"body\":{\"nonce\":\"nonce-7\"}}");
        withings.answer("/v2/oauth2", "revoke", "{\"status\":0,\"body\":{}}");

        client.oauth().revokeUser("12345678");

        assertThat(withings.last().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", "revoke", "client_id", CLIENT_ID, "nonce", "nonce-7",
                "signature", hmac("revoke," + CLIENT_ID + ",nonce-7"), "userid", "12345678"));
    }

    @Test
    void heartListAndGetUseHeartV2() {
        withings.answer("/v2/heart", "list", "{\"status\":0,\"body\":{\"series\":[{\"deviceid\":\"dev-1\",\"model\":44,"
                + "\"ecg\":{\"signalid\":987654321012,\"afib\":0},\"bloodpressure\":{\"diastole\":80,\"systole\":120},"
                + "\"heart_rate\":62,\"timestamp\":1700000000,\"modified\":1700000100}],\"more\":false,\"offset\":0}}");
        withings.answer("/v2/heart", "get", "{\"status\":0,\"body\":{\"signal\":[-12,0,35,1200],"
                + "\"sampling_frequency\":500,\"wearposition\":2,\"model\":44,\"heart_rate\":62}}");

        HeartRecords records = client.allHeartRecords(TOKEN,
                TimeQuery.between(Instant.ofEpochSecond(1699990000), Instant.ofEpochSecond(1700090000)));
        HeartRecord record = records.series().get(0);
        assertThat(record.ecg()).contains(new HeartRecord.Ecg(987654321012L, 0));
        assertThat(record.bloodPressure()).contains(new HeartRecord.BloodPressure(80, 120));
        assertThat(withings.last().form()).containsEntry("startdate", "1699990000").containsEntry("enddate", "1700090000");

        HeartSignal signal = client.heartSignal(TOKEN, 987654321012L);
        assertThat(withings.last().form()).containsEntry("action", "get").containsEntry("signalid", "987654321012");
        assertThat(signal.signal()).containsExactly(-12, 0, 35, 1200);
        assertThat(signal.samplingFrequency()).isEqualTo(500);
    }

    @Test
    void sleepAndActivityCallsSendTheirActionsWindowsAndDataFields() {
        withings.answerFixture("/v2/sleep", "get", "sleep.json");
        withings.answer("/v2/sleep", "getsummary", Fixtures.read("sleep_summary_no_datafields.json"),
                "{\"status\":0,\"body\":{\"series\":[],\"more\":false,\"offset\":0}}");
        withings.answerFixture("/v2/measure", "getactivity", "activity.json");
        withings.answerFixture("/v2/measure", "getworkouts", "workouts.json");
        withings.answer("/v2/measure", "getintradayactivity", "{\"status\":0,\"body\":{\"series\":{"
                + "\"1700000060\":{\"deviceid\":\"d\",\"model\":\"ScanWatch\",\"model_id\":93,\"steps\":12,\"heart_rate\":71},"
                + "\"1700000000\":{\"steps\":5,\"spo2_auto\":97.5}}}}");

        assertThat(client.sleep(TOKEN, TimeQuery.between(Instant.ofEpochSecond(1618691000), Instant.ofEpochSecond(1618777000))
                .withDataFields("hr", "rr", "snoring")).series()).hasSize(613);
        assertThat(withings.last().form()).containsEntry("data_fields", "hr,rr,snoring").containsEntry("startdate", "1618691000");

        SleepSummaries nights = client.allSleepSummaries(TOKEN, DayQuery.updatedSince(Instant.ofEpochSecond(1600000000)));
        assertThat(nights.series()).hasSize(300);
        assertThat(withings.received()).filteredOn(request -> "getsummary".equals(request.action()))
                .extracting(request -> request.form().get("offset")).containsExactly(null, "300");

        ActivityDays days = client.activity(TOKEN, DayQuery.days(LocalDate.of(2023, 10, 20), LocalDate.of(2023, 10, 21))
                .withDataFields("steps", "distance"));
        assertThat(days.activities().get(0).value("steps")).contains(new BigDecimal("1209"));
        assertThat(withings.last().form()).containsExactlyInAnyOrderEntriesOf(Map.of("action", "getactivity",
                "startdateymd", "2023-10-20", "enddateymd", "2023-10-21", "data_fields", "steps,distance"));

        assertThat(client.allWorkouts(TOKEN, DayQuery.updatedSince(Instant.ofEpochSecond(1690000000))).series()).hasSize(11);
        assertThat(withings.last().form()).containsEntry("action", "getworkouts").containsEntry("lastupdate", "1690000000");

        List<IntradaySample> samples = client.intradayActivity(TOKEN,
                TimeQuery.between(Instant.ofEpochSecond(1700000000), Instant.ofEpochSecond(1700086400)));
        assertThat(samples).extracting(IntradaySample::time)
                .containsExactly(Instant.ofEpochSecond(1700000000), Instant.ofEpochSecond(1700000060));
        assertThat(samples.get(0).values()).containsEntry("spo2_auto", new BigDecimal("97.5"));
        assertThat(samples.get(1).modelId()).hasValue(93);
        assertThat(samples.get(1).values()).containsOnlyKeys("steps", "heart_rate");
    }

    @Test
    void notifyCallsNameCallbackAndAppli() {
        URI callback = URI.create("https://bridge.example/webhooks/withings/abc");
        withings.answerFixture("/notify", "subscribe", "notify_subscribe.json");
        withings.answerFixture("/notify", "list", "notify_list.json");
        withings.answer("/notify", "get", "{\"status\":0,\"body\":{\"appli\":4,\"callbackurl\":\"" + callback
                + "\",\"comment\":\"bp\"}}");
        withings.answerFixture("/notify", "revoke", "notify_revoke.json");
        withings.answer("/notify", "update", "{\"status\":0,\"body\":{}}");

        client.subscribe(TOKEN, callback, NotificationCategory.PRESSURE_HEART_RATE_SPO2, "bp");
        assertThat(withings.last().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", "subscribe", "callbackurl", callback.toString(), "appli", "4", "comment", "bp"));

        List<NotificationSubscription> listed = client.subscriptions(TOKEN, Optional.of(NotificationCategory.WEIGHT));
        assertThat(listed).hasSize(1);
        assertThat(withings.last().form()).containsEntry("appli", "1");

        NotificationSubscription one = client.subscription(TOKEN, callback, NotificationCategory.PRESSURE_HEART_RATE_SPO2);
        assertThat(one.knownCategory()).contains(NotificationCategory.PRESSURE_HEART_RATE_SPO2);
        assertThat(one.comment()).contains("bp");

        client.updateSubscription(TOKEN, callback, NotificationCategory.PRESSURE_HEART_RATE_SPO2, SubscriptionUpdate.callbackUrl(URI.create("https://new.example/hook")));
        assertThat(withings.last().form()).containsEntry("action", "update")
                .containsEntry("new_callbackurl", "https://new.example/hook");

        client.revokeSubscription(TOKEN, callback, NotificationCategory.PRESSURE_HEART_RATE_SPO2);
        assertThat(withings.last().form()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "action", "revoke", "callbackurl", callback.toString(), "appli", "4"));
        assertThat(withings.received()).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/notify");
            assertThat(request.authorization()).contains("Bearer " + TOKEN.value());
        });
    }

    /**
     * Withings answers 286 "no such subscription was found" or 294 "no such subscription could be deleted" (its
     * "invalid params" family) for a subscription that is not there: revoking one is done, not a failure. Other
     * invalid parameters still fail.
     */
    @Test
    void revokingASubscriptionWithingsNoLongerHasIsDone() {
        URI callback = URI.create("https://bridge.example/webhooks/withings/secret");
        withings.answer("/notify", "revoke", FakeWithings.error(294, "No such subscription could be deleted"));
        assertThat(client.revokeSubscription(TOKEN, callback, NotificationCategory.WEIGHT)).isFalse();

        withings.answer("/notify", "revoke", FakeWithings.error(286, "No such subscription was found"));
        assertThat(client.revokeSubscription(TOKEN, callback, NotificationCategory.WEIGHT)).isFalse();

        withings.answer("/notify", "revoke", "{\"status\":0,\"body\":{}}");
        assertThat(client.revokeSubscription(TOKEN, callback, NotificationCategory.WEIGHT)).isTrue();

        withings.answer("/notify", "revoke", FakeWithings.error(293, "The callback URL is either absent or incorrect"));
        assertThatThrownBy(() -> client.revokeSubscription(TOKEN, callback, NotificationCategory.WEIGHT))
                .isInstanceOf(WithingsApiException.InvalidParameters.class);
        withings.answer("/notify", "revoke", FakeWithings.error(401, "invalid_token"));
        assertThatThrownBy(() -> client.revokeSubscription(TOKEN, callback, NotificationCategory.WEIGHT))
                .isInstanceOf(WithingsApiException.AuthenticationFailed.class);
    }

    /**
     * Notify update's {@code new_callbackurl}, {@code new_appli} and {@code comment} are each documented "DO NOT USE
     * WITH" the other two (developer.withings.com/api-reference, Notify - Update): an update carries exactly one.
     */
    @Test
    void aSubscriptionUpdateCarriesExactlyOneChange() {
        URI callback = URI.create("https://bridge.example/webhooks/withings/secret");
        withings.answer("/notify", "update", "{\"status\":0,\"body\":{}}");

        client.updateSubscription(TOKEN, callback, NotificationCategory.WEIGHT, SubscriptionUpdate.comment("scale"));

        assertThat(withings.last().form()).containsExactlyInAnyOrderEntriesOf(Map.of("action", "update",
                "callbackurl", callback.toString(), "appli", "1", "comment", "scale"));
        assertThatThrownBy(() -> new SubscriptionUpdate(Optional.of(URI.create("https://new.example/hook")),
                Optional.empty(), Optional.of("moved"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubscriptionUpdate(Optional.empty(), Optional.of(NotificationCategory.ACTIVITY),
                Optional.of("moved"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubscriptionUpdate(Optional.empty(), Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Withings says to use {@code lastupdate} instead of a date range and not with one (getmeas; getactivity,
     * getworkouts, sleep getsummary), and answers nothing new when both come: no query of this client sends both.
     */
    @Test
    void noQuerySendsLastupdateWithADateRange() {
        withings.answer("/measure", "getmeas", measurePage(1000, 1, "0", 0));
        withings.answer("/v2/measure", "getactivity", "{\"status\":0,\"body\":{\"activities\":[],\"more\":false,\"offset\":0}}");

        client.measures(TOKEN, MeasureQuery.updatedSince(Instant.ofEpochSecond(1700000000)).withCategory(1).withTypes(1));
        assertThat(withings.last().form()).containsKey("lastupdate").doesNotContainKeys("startdate", "enddate");
        client.measures(TOKEN, MeasureQuery.between(Instant.ofEpochSecond(1), Instant.ofEpochSecond(2)).withCategory(1));
        assertThat(withings.last().form()).containsKeys("startdate", "enddate").doesNotContainKey("lastupdate");
        client.activity(TOKEN, DayQuery.updatedSince(Instant.ofEpochSecond(1700000000)).withDataFields("steps"));
        assertThat(withings.last().form()).containsKey("lastupdate").doesNotContainKeys("startdateymd", "enddateymd");

        assertThatThrownBy(() -> new MeasureQuery(Optional.of(Instant.EPOCH), Optional.of(Instant.EPOCH),
                Optional.empty(), List.of(), java.util.OptionalInt.empty(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DayQuery(Optional.of(LocalDate.EPOCH), Optional.empty(), Optional.of(Instant.EPOCH),
                List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Withings writes the granted scopes in the order they were asked for; they are read as a set. */
    @Test
    void grantedScopesAreASetWhateverOrderWithingsWritesThem() {
        withings.answer("/v2/oauth2", "requesttoken", tokenAnswer("7", "access-7", "refresh-7")
                .replace("\"user.info,user.metrics\"", "\"user.metrics,user.activity,user.info\""));

        WithingsTokens tokens = client.oauth().exchangeCode("the-code", URI.create("https://bridge.example/cb"));

        assertThat(tokens.scopes()).isEqualTo(Set.of(Scope.USER_INFO, Scope.USER_METRICS, Scope.USER_ACTIVITY));
    }

    @Test
    void aResponseListenerHearsDataAnswersAsReceivedButNeverTokenAnswers() {
        java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        WithingsClient listening = WithingsClient.builder(new ClientCredentials(CLIENT_ID, CLIENT_SECRET))
                .endpoints(WithingsEndpoints.emulator(withings.baseUrl()))
                .responseListener(answer -> heard.add(answer.call() + " " + answer.body()))
                .build();
        withings.answerFixture("/measure", "getmeas", "measurement.json");
        withings.answer("/v2/oauth2", "requesttoken", tokenAnswer("1", "access-9", "refresh-9"));

        listening.measures(TOKEN, MeasureQuery.everything());
        listening.oauth().refresh(new RefreshToken("refresh-8"));

        assertThat(heard).singleElement().asString().startsWith("/measure getmeas {").contains("4815757309");
    }

    @Test
    void anAnswerHeardSaysWhatWasAskedButNoSecret() {
        java.util.List<Answer> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        WithingsClient listening = WithingsClient.builder(new ClientCredentials(CLIENT_ID, CLIENT_SECRET))
                .endpoints(WithingsEndpoints.emulator(withings.baseUrl()))
                .responseListener(heard::add)
                .build();
        URI callback = URI.create("https://bridge.example/webhooks/withings/s3cr3t");
        withings.answer("/v2/heart", "get", "{\"status\":0,\"body\":{\"signal\":[1,2],\"sampling_frequency\":300}}");
        withings.answerFixture("/notify", "subscribe", "notify_subscribe.json");

        listening.heartSignal(TOKEN, 4242);
        listening.subscribe(TOKEN, callback, NotificationCategory.WEIGHT, "weight");

        assertThat(heard).hasSize(2);
        assertThat(heard.get(0).call()).isEqualTo(WithingsCall.HEART_GET);
        assertThat(heard.get(0).parameters()).containsExactly(Map.entry("signalid", "4242"));
        assertThat(heard.get(0).signalId()).hasValue(4242);
        assertThat(heard.get(1).call()).isEqualTo(WithingsCall.NOTIFY_SUBSCRIBE);
        assertThat(heard.get(1).parameters()).as("the callback URL carries the receiver's secret")
                .containsOnlyKeys("appli", "comment");
        assertThat(heard).allSatisfy(answer -> assertThat(answer.parameters().toString())
                .doesNotContain(TOKEN.value()).doesNotContain("s3cr3t"));
    }

    @Test
    void callNamesAndScopeListsReadBackAsTheyAreWritten() {
        for (WithingsCall call : WithingsCall.values()) {
            assertThat(WithingsCall.named(call.toString())).contains(call);
        }
        assertThat(WithingsCall.named("/measure getmeas")).contains(WithingsCall.MEASURE_GETMEAS);
        assertThat(WithingsCall.named("/measure nothing")).isEmpty();
        assertThat(Scope.parse("user.metrics, user.info,user.unknown,")).containsExactlyInAnyOrder(Scope.USER_INFO,
                Scope.USER_METRICS);
        assertThat(Scope.join(Set.of(Scope.USER_METRICS, Scope.USER_INFO, Scope.USER_ACTIVITY)))
                .isEqualTo("user.activity,user.info,user.metrics");
        assertThat(Scope.parse(Scope.join(Set.of(Scope.values())))).containsExactlyInAnyOrder(Scope.values());
        assertThat(Scope.parse("")).isEmpty();
    }

    @Test
    void devicesComeFromUserV2() {
        withings.answerFixture("/v2/user", "getdevice", "device.json");

        assertThat(client.devices(TOKEN)).hasSize(5);
        assertThat(withings.last().path()).isEqualTo("/v2/user");
        assertThat(withings.last().form()).containsExactly(Map.entry("action", "getdevice"));
    }

    private static String measurePage(long updateTime, int index, String more, long offset) {
        return "{\"status\":0,\"body\":{\"updatetime\":" + updateTime + ",\"timezone\":\"Europe/Paris\",\"measuregrps\":[{"
                + "\"grpid\":500000000" + index + ",\"attrib\":0,\"date\":1700000000,\"created\":1700000001,"
                + "\"modified\":1700000001,\"category\":1,\"deviceid\":null,\"measures\":[{\"value\":70000,\"type\":1,"
                + "\"unit\":-3}]}],\"more\":" + more + ",\"offset\":" + offset + "}}";
    }

    private static String tokenAnswer(String userIdJson, String access, String refresh) {
        return "{\"status\":0,\"body\":{\"userid\":" + userIdJson + ",\"access_token\":\"" + access + "\","
                + "\"refresh_token\":\"" + refresh + "\",\"expires_in\":10800,\"scope\":\"user.info,user.metrics\","
                + "\"csrf_token\":\"csrf\",\"token_type\":\"Bearer\"}}";
    }

    private static Map<String, String> query(URI url) {
        return java.util.Arrays.stream(url.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }

    /** Recomputed here, independently of the client's signer. */
    private static String hmac(String data) {
        return FakeWithings.signature(CLIENT_SECRET, data);
    }
}
