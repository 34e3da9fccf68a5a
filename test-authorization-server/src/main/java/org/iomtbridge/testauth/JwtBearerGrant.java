package org.iomtbridge.testauth;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.StringUtils;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The JWT bearer grant (RFC 7523, {@code urn:ietf:params:oauth:grant-type:jwt-bearer}) as Google's token endpoint
 * serves it to service accounts: the scopes come from the {@code scope} parameter or, as Google's libraries send them,
 * from the assertion's {@code scope} claim; each must be one the account may have; the access token is a JWT from the
 * server's own token generator, like those of the other grants.
 */
final class JwtBearerGrant {

    private JwtBearerGrant() {
    }

    static final class Request extends OAuth2AuthorizationGrantAuthenticationToken {

        private final Set<String> scopes;

        Request(Authentication client, Set<String> scopes) {
            super(AuthorizationGrantType.JWT_BEARER, client, Map.of());
            this.scopes = Set.copyOf(scopes);
        }

        Set<String> scopes() {
            return scopes;
        }
    }

    static final class Converter implements AuthenticationConverter {

        @Override
        public Authentication convert(HttpServletRequest request) {
            if (!AuthorizationGrantType.JWT_BEARER.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
                return null;
            }
            return new Request(SecurityContextHolder.getContext().getAuthentication(),
                    spaceSeparated(request.getParameter(OAuth2ParameterNames.SCOPE)));
        }
    }

    static final class Provider implements AuthenticationProvider {

        private final OAuth2AuthorizationService authorizations;
        private final OAuth2TokenGenerator<? extends OAuth2Token> tokens;

        Provider(OAuth2AuthorizationService authorizations, OAuth2TokenGenerator<? extends OAuth2Token> tokens) {
            this.authorizations = authorizations;
            this.tokens = tokens;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            Request request = (Request) authentication;
            if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
                    || !(client.getCredentials() instanceof Jwt assertion)) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
            }
            RegisteredClient account = client.getRegisteredClient();
            Set<String> scopes = request.scopes().isEmpty() ? spaceSeparated(assertion.getClaimAsString("scope"))
                    : request.scopes();
            if (scopes.isEmpty() || !account.getScopes().containsAll(scopes)) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
                        "the service account may not have " + scopes, null));
            }
            OAuth2Token generated = tokens.generate(DefaultOAuth2TokenContext.builder()
                    .registeredClient(account)
                    .principal(client)
                    .authorizationServerContext(AuthorizationServerContextHolder.getContext())
                    .authorizedScopes(scopes)
                    .tokenType(OAuth2TokenType.ACCESS_TOKEN)
                    .authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
                    .authorizationGrant(request)
                    .build());
            if (!(generated instanceof Jwt jwt)) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
                        "the token generator made no access token", null));
            }
            OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.getTokenValue(),
                    jwt.getIssuedAt(), jwt.getExpiresAt(), scopes);
            authorizations.save(OAuth2Authorization.withRegisteredClient(account)
                    .principalName(account.getClientId())
                    .authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
                    .authorizedScopes(scopes)
                    .token(accessToken, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME,
                            jwt.getClaims()))
                    .build());
            return new OAuth2AccessTokenAuthenticationToken(account, client, accessToken);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return Request.class.isAssignableFrom(authentication);
        }
    }

    private static Set<String> spaceSeparated(String scopes) {
        return StringUtils.hasText(scopes) ? new LinkedHashSet<>(Arrays.asList(scopes.trim().split("\\s+"))) : Set.of();
    }
}
