package org.iomtbridge.bridge.fhirwrite;

import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.JWTAuthentication;
import com.nimbusds.oauth2.sdk.token.AccessToken;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * OAuth2 client credentials towards the FHIR server: a token from the authorization server's token endpoint, kept
 * until shortly before it expires, sent as bearer on every request; a 401 drops it, so the next attempt asks for a new
 * one. How the client proves who it is — a client secret, or an assertion signed with its own key (SMART Backend
 * Services) — comes from {@code client}, asked anew for every token request.
 */
final class ClientCredentialsInterceptor implements IClientInterceptor {

    /** A token whose lifetime the server does not tell is used this long. */
    private static final Duration UNTOLD_LIFETIME = Duration.ofMinutes(5);
    private static final Duration EARLY = Duration.ofSeconds(30);

    private final URI tokenUrl;
    private final Supplier<ClientAuthentication> client;
    private final Scope scope;
    private final String credentialSettings;
    private final Clock clock;
    private AccessToken current;
    private Instant renewAt = Instant.MIN;

    /**
     * @param credentialSettings the settings that make the client's credentials, named in the error when the token
     *                           endpoint does not accept them
     */
    ClientCredentialsInterceptor(URI tokenUrl, Supplier<ClientAuthentication> client, String scope,
                                 String credentialSettings, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.client = client;
        this.scope = scope == null || scope.isBlank() ? null : Scope.parse(scope);
        this.credentialSettings = credentialSettings;
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

    /**
     * A client assertion names its client in {@code sub}; some authorization servers (Spring Authorization Server)
     * want {@code client_id} beside it, which RFC 7521 allows, and the others ignore.
     */
    private TokenRequest request() {
        ClientAuthentication authentication = client.get();
        TokenRequest.Builder request = new TokenRequest.Builder(tokenUrl, authentication, new ClientCredentialsGrant())
                .scope(scope);
        if (authentication instanceof JWTAuthentication) {
            request.customParameter("client_id", authentication.getClientID().getValue());
        }
        return request.build();
    }

    private synchronized AccessToken token() {
        if (current == null || !clock.instant().isBefore(renewAt)) {
            TokenResponse response;
            try {
                response = TokenResponse.parse(request().toHTTPRequest().send());
            } catch (IOException e) {
                throw new FhirAuthException("The token endpoint " + tokenUrl + " did not answer (" + e.getMessage()
                        + "); check iomt.fhir.auth.token-url and that the authorization server runs", e);
            } catch (ParseException e) {
                throw new FhirAuthException("The token endpoint " + tokenUrl + " answered something that is not an"
                        + " OAuth2 token response (" + e.getMessage() + "); check iomt.fhir.auth.token-url", e);
            }
            if (!response.indicatesSuccess()) {
                ErrorObject error = response.toErrorResponse().getErrorObject();
                throw new FhirAuthException("The token endpoint " + tokenUrl + " refused the bridge ("
                        + error.getCode() + "): check " + (OAuth2Error.INVALID_SCOPE.getCode().equals(error.getCode())
                        ? "iomt.fhir.auth.scope against the scopes the client may ask for" : credentialSettings), null);
            }
            current = response.toSuccessResponse().getTokens().getAccessToken();
            Duration lifetime = current.getLifetime() > 0 ? Duration.ofSeconds(current.getLifetime()) : UNTOLD_LIFETIME;
            renewAt = clock.instant().plus(lifetime.compareTo(EARLY.multipliedBy(2)) > 0 ? lifetime.minus(EARLY)
                    : lifetime.dividedBy(2));
        }
        return current;
    }
}
