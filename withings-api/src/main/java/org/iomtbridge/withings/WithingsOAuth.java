package org.iomtbridge.withings;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Withings OAuth2: the authorization page, the code exchange, the refresh with rotation, and the partner calls that
 * need a signature. Obtain it from {@link WithingsClient#oauth()}.
 */
public final class WithingsOAuth {

    private final Transport transport;
    private final ClientCredentials credentials;
    private final RequestSigner signer;
    private final boolean signTokenRequests;
    private final Clock clock;

    WithingsOAuth(Transport transport, ClientCredentials credentials, boolean signTokenRequests, Clock clock) {
        this.transport = transport;
        this.credentials = credentials;
        this.signer = new RequestSigner(credentials);
        this.signTokenRequests = signTokenRequests;
        this.clock = clock;
    }

    /** The URL of Withings' authorization page to send the user to. */
    public URI authorizeUrl(AuthorizationRequest request) {
        String query = "response_type=code"
                + "&client_id=" + encode(credentials.clientId())
                + "&scope=" + encode(Scope.join(request.scopes()))
                + "&redirect_uri=" + encode(request.redirectUri().toString())
                + "&state=" + encode(request.state())
                + (request.demo() ? "&mode=demo" : "");
        return URI.create(transport.endpoints().account("/oauth2_user/authorize2") + "?" + query);
    }

    /**
     * Exchanges the authorization code of the callback for tokens. The code lives 30 seconds and works once; a late
     * or reused code fails with status 503 ({@link WithingsApiException.InvalidParameters}).
     */
    public WithingsTokens exchangeCode(String code, URI redirectUri) {
        WithingsRequest request = tokenRequest()
                .param("grant_type", "authorization_code")
                .secretParam("code", code)
                .param("redirect_uri", redirectUri.toString());
        return ResponseReader.tokens(transport.send(request), "body", clock.instant());
    }

    /**
     * Refreshes the user's tokens. The answer carries a new refresh token: store it before using the new access
     * token, because the first use of the new access token ends the old refresh token.
     */
    public WithingsTokens refresh(RefreshToken refreshToken) {
        WithingsRequest request = tokenRequest()
                .param("grant_type", "refresh_token")
                .secretParam("refresh_token", refreshToken.value());
        return ResponseReader.tokens(transport.send(request), "body", clock.instant());
    }

    /** Partner call: ends the user's authorization; Withings invalidates the tokens and the notification subscriptions. */
    public void revokeUser(String userId) {
        transport.send(signed(WithingsRequest.post(WithingsCall.OAUTH2_REVOKE)).param("userid", userId));
    }

    /** A fresh single-use nonce for a signed call; it lives 30 minutes. */
    public String nonce() {
        long timestamp = clock.instant().getEpochSecond();
        JsonNode body = transport.send(WithingsRequest.post(WithingsCall.SIGNATURE_GETNONCE)
                .param("client_id", credentials.clientId())
                .param("timestamp", timestamp)
                .param("signature", signer.nonceRequestSignature(timestamp)));
        return Json.requiredText(body, "nonce", "body");
    }

    private WithingsRequest tokenRequest() {
        WithingsRequest request = WithingsRequest.post(WithingsCall.OAUTH2_REQUESTTOKEN);
        return signTokenRequests
                ? signed(request)
                : request.param("client_id", credentials.clientId()).secretParam("client_secret", credentials.clientSecret());
    }

    /** Authenticates a partner call with a fresh nonce and the signature of its action. */
    WithingsRequest signed(WithingsRequest request) {
        String nonce = nonce();
        return request.param("client_id", credentials.clientId())
                .param("nonce", nonce)
                .param("signature", signer.actionSignature(request.call().action(), nonce));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
