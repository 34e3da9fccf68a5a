package org.iomtbridge.emulator;

import org.iomtbridge.withings.AccessToken;
import org.iomtbridge.withings.AuthorizationRequest;
import org.iomtbridge.withings.ClientCredentials;
import org.iomtbridge.withings.DayQuery;
import org.iomtbridge.withings.MeasureQuery;
import org.iomtbridge.withings.Scope;
import org.iomtbridge.withings.WithingsApiException;
import org.iomtbridge.withings.WithingsClient;
import org.iomtbridge.withings.WithingsEndpoints;
import org.iomtbridge.withings.WithingsTokens;
import org.iomtbridge.withings.model.MeasureGroup;
import org.iomtbridge.withings.model.MeasureGroups;
import org.iomtbridge.withings.model.NotificationCategory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The project's own Withings client against the emulator, end to end: consent by form POST, code exchange, getmeas
 * paging, notify subscribe with a local callback that receives the HEAD probe and then the POST of a new measure.
 */
class WithingsClientAgainstEmulatorTest extends EmulatorTest {

    @Test
    void consentExchangePageSubscribeAndHearOfANewMeasure() throws Exception {
        for (boolean signed : new boolean[] {false, true}) {
            WithingsClient withings = WithingsClient.builder(new ClientCredentials(CLIENT_ID, CLIENT_SECRET))
                    .endpoints(WithingsEndpoints.emulator(url("")))
                    .signTokenRequests(signed)
                    .build();
            long userid = json(send("POST", "/_emulator/users", "{\"historyDays\": 4}")).get("userid").asLong();

            URI page = withings.oauth().authorizeUrl(new AuthorizationRequest(URI.create(REDIRECT), "state-" + signed,
                    Set.of(Scope.USER_INFO, Scope.USER_METRICS, Scope.USER_ACTIVITY), false));
            HttpResponse<String> shown = exchange(HttpRequest.newBuilder(page).GET().build());
            assertThat(shown.statusCode()).isEqualTo(200);
            String code = consent(userid, "user.info,user.metrics,user.activity");

            WithingsTokens tokens = withings.oauth().exchangeCode(code, URI.create(REDIRECT));
            assertThat(tokens.userId()).isEqualTo(String.valueOf(userid));
            assertThat(tokens.granted(Scope.USER_ACTIVITY)).isTrue();
            assertThatThrownBy(() -> withings.oauth().exchangeCode(code, URI.create(REDIRECT)))
                    .isInstanceOf(WithingsApiException.InvalidParameters.class).hasMessageContaining("503");

            WithingsTokens rotated = withings.oauth().refresh(tokens.refreshToken());
            AccessToken access = rotated.accessToken();
            MeasureGroups all = withings.allMeasures(access, MeasureQuery.everything());
            assertThat(all.groups().size()).as("more than one page of 5 groups").isGreaterThan(5);
            assertThat(all.groups()).extracting(MeasureGroup::grpid).doesNotHaveDuplicates();
            assertThat(all.timezone()).isPresent();
            assertThat(withings.allActivity(access, DayQuery.updatedSince(Instant.EPOCH)).activities()).hasSize(4);

            try (CallbackServer callback = new CallbackServer()) {
                withings.subscribe(access, URI.create(callback.url()), NotificationCategory.WEIGHT, "weight");
                assertThat(callback.received()).extracting(CallbackServer.Received::method).containsExactly("HEAD");
                assertThat(withings.subscriptions(access, Optional.empty())).singleElement()
                        .satisfies(subscription -> assertThat(subscription.callbackUrl().toString()).isEqualTo(callback.url()));

                send("POST", "/_emulator/users/" + userid + "/measures", "{\"type\": 1, \"value\": 77.7}");

                await().atMost(Duration.ofSeconds(10)).until(() -> callback.posts().size() == 1);
                Map<String, String> notification = callback.posts().get(0).form();
                assertThat(notification).containsEntry("userid", String.valueOf(userid)).containsEntry("appli", "1");

                MeasureGroups fresh = withings.allMeasures(access, MeasureQuery.updatedSince(all.updateTime().minusSeconds(1)));
                assertThat(fresh.groups()).anySatisfy(group -> assertThat(group.measures().get(0).decimalValue())
                        .isEqualByComparingTo(new BigDecimal("77.7")));
            }
        }
    }

    @Test
    void theClientMapsTheEmulatorsErrorsToItsTypedExceptions() {
        WithingsClient withings = WithingsClient.builder(new ClientCredentials(CLIENT_ID, CLIENT_SECRET))
                .endpoints(WithingsEndpoints.emulator(url(""))).build();
        AccessToken access = new AccessToken(tokens(firstUser()).get("access_token").asText());

        send("DELETE", "/_emulator/stats", null);
        send("PUT", "/_emulator/rate-limit", "{\"perMinute\": 1}");
        withings.measures(access, MeasureQuery.everything());
        assertThatThrownBy(() -> withings.measures(access, MeasureQuery.everything()))
                .isInstanceOf(WithingsApiException.TooManyRequests.class);

        send("PUT", "/_emulator/rate-limit", "{\"perMinute\": 120}");
        assertThatThrownBy(() -> withings.measures(new AccessToken("expired"), MeasureQuery.everything()))
                .isInstanceOf(WithingsApiException.AuthenticationFailed.class);
        assertThatThrownBy(() -> withings.subscribe(access, URI.create("http://127.0.0.1:1/nothing"), NotificationCategory.WEIGHT, "x"))
                .isInstanceOf(WithingsApiException.InvalidParameters.class).hasMessageContaining("293");
    }
}
