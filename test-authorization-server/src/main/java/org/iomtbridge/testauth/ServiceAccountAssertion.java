package org.iomtbridge.testauth;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationConverter;

import java.text.ParseException;
import java.util.List;

/**
 * How a Google-style service account authenticates at the token endpoint: it has no client secret; the signed JWT of
 * the JWT bearer grant (RFC 7523, {@code assertion}) is its only credential. The converter reads who claims to be
 * asking ({@code iss}); the provider checks the signature with the account's public key, the issuer, the audience
 * (this token endpoint, or the one configured) and the expiry. The verified assertion becomes the client's credentials, for the grant.
 */
final class ServiceAccountAssertion {

    private static final Logger log = LoggerFactory.getLogger(ServiceAccountAssertion.class);
    static final ClientAuthenticationMethod METHOD = new ClientAuthenticationMethod(AuthorizationGrantType.JWT_BEARER.getValue());

    private ServiceAccountAssertion() {
    }

    /** A token request of the JWT bearer grant with no other client authentication. */
    static final class Converter implements AuthenticationConverter {

        @Override
        public Authentication convert(HttpServletRequest request) {
            String assertion = request.getParameter(OAuth2ParameterNames.ASSERTION);
            if (!AuthorizationGrantType.JWT_BEARER.getValue().equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                    || assertion == null || request.getHeader("Authorization") != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
                return null;
            }
            String issuer;
            try {
                issuer = SignedJWT.parse(assertion).getJWTClaimsSet().getIssuer();
            } catch (ParseException e) {
                throw refused("the assertion is not a signed JWT");
            }
            if (issuer == null || issuer.isBlank()) {
                throw refused("the assertion has no iss");
            }
            return new OAuth2ClientAuthenticationToken(issuer, METHOD, assertion, null);
        }
    }

    /** Verifies the assertion of the one configured service account. */
    static final class Provider implements AuthenticationProvider {

        private final RegisteredClient serviceAccount;
        private final NimbusJwtDecoder decoder;
        private final String audience;

        Provider(RegisteredClient serviceAccount, ServiceAccountProperties properties) {
            this.serviceAccount = serviceAccount;
            this.decoder = NimbusJwtDecoder.withPublicKey(properties.rsaPublicKey()).build();
            this.audience = properties.audience();
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
            if (!METHOD.equals(client.getClientAuthenticationMethod())) {
                return null;
            }
            if (!serviceAccount.getClientId().equals(client.getPrincipal())) {
                throw refused("no service account " + client.getPrincipal());
            }
            AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
            String expectedAudience = audience != null && !audience.isBlank() ? audience
                    : context.getIssuer() + context.getAuthorizationServerSettings().getTokenEndpoint();
            Jwt assertion;
            try {
                assertion = decoder.decode((String) client.getCredentials());
            } catch (JwtException e) {
                throw refused("the assertion's signature or form is not valid: " + e.getMessage());
            }
            OAuth2TokenValidatorResult checked = new DelegatingOAuth2TokenValidator<>(
                    new JwtTimestampValidator(),
                    new JwtIssuerValidator(serviceAccount.getClientId()),
                    new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, audience -> audience != null
                            && audience.contains(expectedAudience)),
                    new JwtClaimValidator<Object>(JwtClaimNames.EXP, expiry -> expiry != null))
                    .validate(assertion);
            if (checked.hasErrors()) {
                throw refused(checked.getErrors().iterator().next().getDescription());
            }
            return new OAuth2ClientAuthenticationToken(serviceAccount, METHOD, assertion);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /** Spring Authorization Server answers a failed client authentication with the error code alone: the reason is logged. */
    static OAuth2AuthenticationException refused(String reason) {
        log.warn("JWT bearer grant refused: {}", reason);
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, reason, null));
    }
}
