package org.iomtbridge.fhirserver.access;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.iomtbridge.fhirserver.http.ErrorOutcome;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;
import java.util.Optional;

/**
 * 401 with the challenge of the scheme ({@code WWW-Authenticate}) and an OperationOutcome that says what was missing
 * or wrong — never the credentials themselves.
 */
final class OperationOutcomeEntryPoint implements AuthenticationEntryPoint {

    private interface Challenge {
        void send(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
                throws IOException;
    }

    private interface Reason {
        String of(AuthenticationException failure);
    }

    private final FhirContext fhirContext;
    private final Challenge challenge;
    private final Reason reason;

    private OperationOutcomeEntryPoint(FhirContext fhirContext, Challenge challenge, Reason reason) {
        this.fhirContext = fhirContext;
        this.challenge = challenge;
        this.reason = reason;
    }

    static OperationOutcomeEntryPoint basic(FhirContext fhirContext) {
        return new OperationOutcomeEntryPoint(fhirContext,
                (request, response, failure) -> response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                        "Basic realm=\"fhir-server\", charset=\"UTF-8\""),
                failure -> failure instanceof BadCredentialsException
                        ? "wrong user name or password"
                        : "this FHIR server needs HTTP basic authentication (fhir-server.auth.type=basic)");
    }

    static OperationOutcomeEntryPoint bearer(FhirContext fhirContext) {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return new OperationOutcomeEntryPoint(fhirContext, bearer::commence,
                failure -> failure instanceof OAuth2AuthenticationException refused
                        ? "the access token was refused: " + Optional.ofNullable(refused.getError().getDescription())
                        .orElse(refused.getError().getErrorCode())
                        : "this FHIR server needs an OAuth2 access token (Authorization: Bearer ...) from its"
                        + " authorization server (fhir-server.auth.type=jwt)");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        challenge.send(request, response, failure);
        ErrorOutcome.of(HttpServletResponse.SC_UNAUTHORIZED, reason.of(failure)).send(fhirContext, response);
    }
}
