package org.iomtbridge.bridge.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.oas.annotations.Hidden;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /error}: what the servlet container answers when a request failed before or outside a controller — a
 * rejected address, a filter's refusal, a fault of the bridge. The same shape as {@link ErrorAnswers}; for a 5xx the
 * reason is a general one, never the exception's message or its stack trace.
 */
@Hidden
@RestController
class ErrorPages implements ErrorController {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType PAGE = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final ITemplateEngine pages;

    public ErrorPages(ITemplateEngine pages) {
        this.pages = pages;
    }

    @RequestMapping("/error")
    public ResponseEntity<String> error(HttpServletRequest request) {
        // Asked for directly, not forwarded by the container after a failure: there is nothing here.
        HttpStatusCode status = HttpStatusCode.valueOf(Optional.ofNullable(
                (Integer) request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE)).orElse(404));
        String reason = status.is5xxServerError()
                ? "something went wrong in the bridge; it was logged for the operators. Try again later"
                : Optional.ofNullable((String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE))
                .filter(message -> !message.isBlank() && message.length() <= 200)
                .orElse(ErrorAnswers.phrase(status));
        String address = Optional.ofNullable((String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))
                .orElse(request.getRequestURI());
        return render(status, reason, request, address);
    }

    /**
     * The answer to a refused request: JSON for the admin API and for clients that ask for JSON, a page otherwise.
     * Its content type is set here, so that it is sent whatever the request accepts. The page is rendered here, not
     * by a view, since an exception handler answers JSON or a page from one method.
     */
    ResponseEntity<String> render(HttpStatusCode status, String reason, HttpServletRequest request, String address) {
        if (wantsJson(request, address)) {
            try {
                return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                        .body(JSON.writeValueAsString(Map.of("error", reason)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        Context page = new Context(Locale.ENGLISH, MessagePage.model(title(status), capitalized(reason) + "."));
        return ResponseEntity.status(status).contentType(PAGE).body(pages.process(MessagePage.VIEW, page));
    }

    private static boolean wantsJson(HttpServletRequest request, String address) {
        if (address.startsWith("/api/")) {
            return true;
        }
        String accept = Optional.ofNullable(request.getHeader(HttpHeaders.ACCEPT)).orElse("");
        return accept.contains(MediaType.APPLICATION_JSON_VALUE) && !accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    private static String title(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> "Nothing here";
            case 405 -> "This cannot be done here";
            case 413 -> "Too large";
            default -> status.is5xxServerError() ? "Something went wrong" : "This request cannot be answered";
        };
    }

    private static String capitalized(String reason) {
        return reason.isEmpty() ? reason : Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
    }
}
