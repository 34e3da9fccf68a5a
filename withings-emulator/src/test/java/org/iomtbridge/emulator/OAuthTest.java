package org.iomtbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iomtbridge.emulator.EmulatorCalls.hmac;

/** The authorization page and Withings' token rules, over HTTP. */
class OAuthTest extends EmulatorTest {

    @Test
    void theAuthorizationPageShowsTheRequestAndTheSimulatedUsers() {
        HttpResponse<String> page = exchange(HttpRequest.newBuilder(url("/oauth2_user/authorize2?response_type=code&client_id="
                + CLIENT_ID + "&scope=user.info,user.metrics&redirect_uri=" + REDIRECT + "&state=xyz")).GET().build());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\"").contains("user.info,user.metrics")
                .contains("value=\"" + firstUser() + "\"").contains("name=\"state\" value=\"xyz\"");
    }

    @Test
    void anUnknownClientOrAnUnregisteredRedirectUriGetsAnErrorPageNotTheConsent() {
        HttpResponse<String> unknownClient = exchange(HttpRequest.newBuilder(url(
                "/oauth2_user/authorize2?response_type=code&client_id=intruder&scope=user.info&redirect_uri=" + REDIRECT
                        + "&state=x")).GET().build());
        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(unknownClient.body()).contains("invalid_client");

        HttpResponse<String> elsewhere = exchange(HttpRequest.newBuilder(url(
                "/oauth2_user/authorize2?response_type=code&client_id=" + CLIENT_ID
                        + "&scope=user.info&redirect_uri=https://evil.example/cb&state=x")).GET().build());
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("redirect_uri is not registered");
        assertThat(elsewhere.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void denyingRedirectsBackWithAccessDeniedAndTheState() {
        HttpResponse<String> answer = exchange(HttpRequest.newBuilder(url("/oauth2_user/authorize2"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("response_type", "code", "client_id", CLIENT_ID,
                        "scope", "user.metrics", "redirect_uri", REDIRECT, "state", "st-9", "decision", "deny"))))
                .build());

        assertThat(answer.statusCode()).isEqualTo(302);
        Map<String, String> back = query(URI.create(answer.headers().firstValue("Location").orElseThrow()));
        assertThat(back).containsEntry("error", "access_denied").containsEntry("state", "st-9").doesNotContainKey("code");
    }

    @Test
    void aCodeWorksOnceWithinThirtySeconds() {
        long userid = firstUser();
        String code = consent(userid, "user.info,user.metrics");

        JsonNode first = exchangeCode(code);
        assertThat(first.get("status").asInt()).isZero();
        JsonNode tokens = first.get("body");
        assertThat(tokens.get("userid").asText()).isEqualTo(String.valueOf(userid));
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(10800);
        assertThat(tokens.get("scope").asText()).isEqualTo("user.info,user.metrics");
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");

        assertThat(exchangeCode(code).get("status").asInt()).as("a reused code").isEqualTo(503);

        String late = consent(userid, "user.info");
        clock.advance(Duration.ofSeconds(31));
        assertThat(exchangeCode(late).get("status").asInt()).as("a code older than 30 s").isEqualTo(503);
    }

    /**
     * Withings answers the scope as granted, in the order asked, not sorted: a live requesttoken answer recorded in a
     * public project's setup guide reads {@code "scope":"user.info,user.metrics,user.activity"} (sorted would put
     * {@code user.activity} first), and the API reference describes the field as the accepted scopes separated by
     * commas (developer.withings.com/api-reference, OAuth2 - Get access token). OAuth2 clients compare that string
     * with the one they asked for.
     */
    @Test
    void theTokenAnswerNamesTheScopesInTheOrderTheyWereAsked() {
        String code = consent(firstUser(), "user.metrics,user.info,user.activity");

        JsonNode tokens = exchangeCode(code).get("body");

        assertThat(tokens.get("scope").asText()).isEqualTo("user.metrics,user.info,user.activity");
        JsonNode refreshed = refresh(tokens.get("refresh_token").asText()).get("body");
        assertThat(refreshed.get("scope").asText()).as("a refresh grants what the code granted")
                .isEqualTo("user.metrics,user.info,user.activity");
    }

    @Test
    void tokenRequestsMaySignWithANonceInsteadOfTheSecret() {
        long timestamp = clock.instant().getEpochSecond();
        JsonNode nonce = api("/v2/signature", null, Map.of("action", "getnonce", "client_id", CLIENT_ID,
                "timestamp", String.valueOf(timestamp), "signature", hmac("getnonce," + CLIENT_ID + "," + timestamp)));
        assertThat(nonce.get("status").asInt()).isZero();
        String value = nonce.get("body").get("nonce").asText();

        Map<String, String> signed = Map.of("action", "requesttoken", "grant_type", "authorization_code",
                "client_id", CLIENT_ID, "nonce", value, "signature", hmac("requesttoken," + CLIENT_ID + "," + value),
                "code", consent(firstUser(), "user.metrics"), "redirect_uri", REDIRECT);
        assertThat(api("/v2/oauth2", null, signed).get("status").asInt()).isZero();
        assertThat(api("/v2/oauth2", null, signed).get("status").asInt()).as("a spent nonce").isEqualTo(264);

        JsonNode badSignature = api("/v2/signature", null, Map.of("action", "getnonce", "client_id", CLIENT_ID,
                "timestamp", String.valueOf(timestamp), "signature", "00"));
        assertThat(badSignature.get("status").asInt()).isEqualTo(264);
    }

    @Test
    void refreshRotatesAndTheOldRefreshTokenEndsWhenTheNewAccessTokenIsUsed() {
        JsonNode first = tokens(firstUser());
        JsonNode second = refresh(first.get("refresh_token").asText());
        assertThat(second.get("status").asInt()).isZero();
        assertThat(second.get("body").get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());

        JsonNode retry = refresh(first.get("refresh_token").asText());
        assertThat(retry.get("status").asInt()).as("the old refresh token still works before the new access token is used")
                .isZero();

        String newest = retry.get("body").get("access_token").asText();
        assertThat(getmeas(newest).get("status").asInt()).isZero();
        assertThat(refresh(first.get("refresh_token").asText()).get("status").asInt())
                .as("the new access token was used").isEqualTo(503);
    }

    @Test
    void theOldRefreshTokenEndsEightHoursAfterRotationAndAccessTokensAfterThreeHours() {
        JsonNode first = tokens(firstUser());
        JsonNode second = refresh(first.get("refresh_token").asText()).get("body");

        clock.advance(Duration.ofHours(3).plusSeconds(1));
        assertThat(getmeas(second.get("access_token").asText()).get("status").asInt()).isEqualTo(401);
        clock.advance(Duration.ofHours(5));
        assertThat(refresh(first.get("refresh_token").asText()).get("status").asInt()).isEqualTo(503);
        assertThat(refresh(second.get("refresh_token").asText()).get("status").asInt()).isZero();
    }

    @Test
    void theTokenMayComeAsBearerHeaderOrParameterByPostOrGet() {
        String access = tokens(firstUser()).get("access_token").asText();

        HttpResponse<String> get = exchange(HttpRequest.newBuilder(url("/measure?action=getmeas&meastype=1&access_token="
                + access)).GET().build());
        assertThat(json(get).get("status").asInt()).isZero();
        assertThat(getmeas(access).get("status").asInt()).isZero();
        JsonNode invalid = getmeas("not-a-token");
        assertThat(invalid.get("status").asInt()).isEqualTo(401);
        assertThat(invalid.get("error").asText()).contains("invalid_token");
    }

    @Test
    void aCallOutsideTheGrantedScopesIsUnauthorized() {
        String code = consent(firstUser(), "user.info");
        String access = exchangeCode(code).get("body").get("access_token").asText();

        assertThat(getmeas(access).get("status").asInt()).isEqualTo(214);
    }

    private JsonNode exchangeCode(String code) {
        return api("/v2/oauth2", null, Map.of("action", "requesttoken", "grant_type", "authorization_code",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "code", code, "redirect_uri", REDIRECT));
    }

    private JsonNode refresh(String refreshToken) {
        return api("/v2/oauth2", null, Map.of("action", "requesttoken", "grant_type", "refresh_token",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "refresh_token", refreshToken));
    }

    private JsonNode getmeas(String accessToken) {
        return api("/measure", accessToken, Map.of("action", "getmeas"));
    }
}
