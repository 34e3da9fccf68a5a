package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * OAuth2 client credentials towards the FHIR server: a token from the authorization server's token endpoint, kept
 * until shortly before it expires, sent as bearer on every request; a 401 drops it, so the next attempt asks for a new one.
 */
final class ClientCredentialsInterceptor implements IClientInterceptor {

    /** A token whose lifetime the server does not tell is used this long. */
    private static final Duration UNTOLD_LIFETIME = Duration.ofMinutes(5);
    private static final Duration EARLY = Duration.ofSeconds(30);

    private final TokenRequest request;
    private final Clock clock;
    private AccessToken current;
    private Instant renewAt = Instant.MIN;

    ClientCredentialsInterceptor(URI tokenUrl, String clientId, String clientSecret, String scope, Clock clock) {
        this.request = new TokenRequest(tokenUrl, new ClientSecretBasic(new ClientID(clientId), new Secret(clientSecret)),
                new ClientCredentialsGrant(), scope == null || scope.isBlank() ? null : Scope.parse(scope));
        this.clock = clock;
    }

    @Override
    public void interceptRequest(IHttpRequest theRequest) {
        theRequest.addHeader("Authorization", "Bearer " + token().getValue());
    }

    @Override
    public synchronized void interceptResponse(IHttpResponse theResponse) {
        if (theResponse.getStatus() == 401) {
            current = null;
        }
    }

    private synchronized AccessToken token() {
        if (current == null || !clock.instant().isBefore(renewAt)) {
            TokenResponse response;
            try {
                response = TokenResponse.parse(request.toHTTPRequest().send());
            } catch (IOException e) {
                throw new UncheckedIOException("The token endpoint " + request.getEndpointURI()
                        + " did not answer; check iomt.fhir.auth.token-url", e);
            } catch (ParseException e) {
                throw new IllegalStateException("The token endpoint " + request.getEndpointURI()
                        + " answered something that is not an OAuth2 token response: " + e.getMessage(), e);
            }
            if (!response.indicatesSuccess()) {
                throw new IllegalStateException("The token endpoint refused the bridge's client credentials ("
                        + response.toErrorResponse().getErrorObject().getCode()
                        + "); check iomt.fhir.auth.client-id, client-secret and scope");
            }
            current = response.toSuccessResponse().getTokens().getAccessToken();
            Duration lifetime = current.getLifetime() > 0 ? Duration.ofSeconds(current.getLifetime()) : UNTOLD_LIFETIME;
            renewAt = clock.instant().plus(lifetime.compareTo(EARLY.multipliedBy(2)) > 0 ? lifetime.minus(EARLY)
                    : lifetime.dividedBy(2));
        }
        return current;
    }
}
