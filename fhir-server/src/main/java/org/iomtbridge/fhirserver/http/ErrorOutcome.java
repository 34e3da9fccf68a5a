package org.iomtbridge.fhirserver.http;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An error as a FHIR client reads it: the status and an OperationOutcome in JSON with one issue that gives the reason.
 *
 * @param status      the HTTP status, 4xx or 5xx
 * @param code        the FHIR issue type
 * @param diagnostics the reason, for the caller to read; never a stack trace or a credential
 */
public record ErrorOutcome(int status, IssueType code, String diagnostics) {

    public static final String CONTENT_TYPE = "application/fhir+json";

    /** The outcome of an error status whose issue type follows from the status alone. */
    public static ErrorOutcome of(int status, String diagnostics) {
        return new ErrorOutcome(status, issueType(status), diagnostics);
    }

    /**
     * The outcome of a request that failed before a FHIR handler answered it: refused by Tomcat, Spring Security or
     * Spring MVC, or sent outside {@code /fhir}.
     *
     * @param message what the container or the framework said, when no exception caused the error (an exception's
     *                message may carry anything, so it is not shown); {@code null} or blank when there is none
     */
    public static ErrorOutcome ofRefusedRequest(int status, String method, String path, String message) {
        String reason = switch (status) {
            case 403 -> "access to " + path + " is denied";
            case 404 -> "there is nothing at " + path + "; the FHIR API is at /fhir";
            case 405 -> method + " is not allowed on " + path;
            default -> status >= 500 ? "the server failed to answer this request; its log tells why"
                    : message != null && !message.isBlank() ? message
                    : Optional.ofNullable(HttpStatus.resolve(status)).map(HttpStatus::getReasonPhrase)
                    .orElse("the request was refused");
        };
        return of(status, reason);
    }

    public String json(FhirContext fhirContext) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(status >= 500 ? OperationOutcome.IssueSeverity.FATAL
                : OperationOutcome.IssueSeverity.ERROR).setCode(code).setDiagnostics(diagnostics);
        return fhirContext.newJsonParser().encodeResourceToString(outcome);
    }

    /** Sends this outcome on a response that has not been committed; headers already set are kept. */
    public void send(FhirContext fhirContext, HttpServletResponse response) throws IOException {
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json(fhirContext));
    }

    private static IssueType issueType(int status) {
        return switch (status) {
            case 400 -> IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404 -> IssueType.NOTFOUND;
            case 405, 406, 415 -> IssueType.NOTSUPPORTED;
            case 413, 414, 431 -> IssueType.TOOLONG;
            default -> status >= 500 ? IssueType.EXCEPTION : IssueType.PROCESSING;
        };
    }
}
