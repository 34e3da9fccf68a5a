package org.iomtbridge.fhirserver.http;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import java.io.IOException;

/**
 * Spring Boot's error page as FHIR clients expect it: every error that Spring MVC, Spring Security or Tomcat send to
 * the error page (a path outside {@code /fhir}, a method not allowed, a body too large, a request the firewall
 * rejects) is answered with an OperationOutcome instead of the whitelabel page. Errors of the FHIR API itself are
 * HAPI's own OperationOutcomes.
 */
@Controller
class OperationOutcomeErrorController implements ErrorController {

    private final FhirContext fhirContext;

    OperationOutcomeErrorController(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        boolean causedByException = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) != null;
        // Called directly rather than as the error page: there is no such resource.
        ErrorOutcome outcome = status instanceof Integer code
                ? ErrorOutcome.ofRefusedRequest(code, request.getMethod(), String.valueOf(path),
                causedByException ? null : (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE))
                : ErrorOutcome.ofRefusedRequest(404, request.getMethod(), request.getRequestURI(), null);
        outcome.send(fhirContext, response);
    }
}
