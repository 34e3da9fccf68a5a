package org.iomtbridge.fhirserver.http;

import ca.uhn.fhir.context.FhirContext;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Tomcat's last word on an error no application page answered — a request line or URI Tomcat could not parse, before
 * Spring sees the request, or an error status sent with no body — as an OperationOutcome instead of Tomcat's HTML
 * report or nothing.
 */
final class OperationOutcomeReportValve extends ErrorReportValve {

    private final FhirContext fhirContext;

    OperationOutcomeReportValve(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // Never over what the application wrote, and only once. Unlike Tomcat's own report, also an error status set
        // with no body (Spring's websocket handshake answers 405 so), which no error page would see.
        if (status < 400 || response.getContentWritten() > 0 || response.isError() && !response.setErrorReported()) {
            return;
        }
        String message = throwable == null ? response.getMessage() : null;
        ErrorOutcome outcome = ErrorOutcome.ofRefusedRequest(status, request.getMethod(), request.getRequestURI(),
                message);
        try {
            response.setContentType(ErrorOutcome.CONTENT_TYPE);
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(outcome.json(fhirContext));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the response already committed: there is no one left to answer.
        }
    }
}
