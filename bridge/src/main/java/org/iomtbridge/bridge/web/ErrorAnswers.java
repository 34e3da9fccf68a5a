package org.iomtbridge.bridge.web;

import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a request the bridge cannot take is answered with: a 4xx and the reason, as JSON {@code {"error": "..."}} to
 * the admin API and scripts, as a page to browsers; never a stack trace. Each is logged as one WARN line naming the
 * route, not the address, since addresses carry link tokens and secrets. Exceptions not named here are the bridge's
 * own faults: they reach {@link ErrorPages} as 500s, logged in full by the container.
 */
@RestControllerAdvice
class ErrorAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);
    private static final int MAX_REASON = 300;

    private final ErrorPages pages;

    public ErrorAnswers(ErrorPages pages) {
        this.pages = pages;
    }

    @ExceptionHandler(TypeMismatchException.class)
    ResponseEntity<String> wrongType(TypeMismatchException e, HttpServletRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : Optional.ofNullable(e.getPropertyName()).orElse("a parameter");
        String wanted = e.getRequiredType() == null ? "of another type" : switch (e.getRequiredType().getSimpleName()) {
            case "int", "Integer", "long", "Long" -> "a whole number within range";
            case "boolean", "Boolean" -> "true or false";
            default -> "of another type";
        };
        return answer(HttpStatus.BAD_REQUEST, name + " must be " + wanted, e, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<String> unreadableBody(HttpMessageNotReadableException e, HttpServletRequest request) {
        return answer(HttpStatus.BAD_REQUEST, unreadable(e), e, request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<String> invalidArguments(HandlerMethodValidationException e, HttpServletRequest request) {
        String reasons = e.getParameterValidationResults().stream().map(ErrorAnswers::reasons)
                .collect(Collectors.joining("; "));
        return answer(HttpStatus.BAD_REQUEST, reasons.isEmpty() ? "the request is not valid" : reasons, e, request);
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<String> invalidBody(MethodArgumentNotValidException e, HttpServletRequest request) {
        String reasons = e.getFieldErrors().stream().map(error -> error.getField() + " " + error.getDefaultMessage())
                .collect(Collectors.joining("; "));
        return answer(HttpStatus.BAD_REQUEST, reasons.isEmpty() ? "the body is not valid" : reasons, e, request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : e.getSupportedHttpMethods().stream()
                .map(Object::toString).collect(Collectors.joining(", "));
        ResponseEntity<String> answer = answer(HttpStatus.METHOD_NOT_ALLOWED, request.getMethod()
                + " is not allowed here" + (allowed.isEmpty() ? "" : "; use " + allowed), e, request);
        return allowed.isEmpty() ? answer : ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(HttpHeaders.ALLOW, allowed).body(answer.getBody());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<String> wrongContentType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "this Content-Type is not taken here; send "
                + e.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(" or ")), e, request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<String> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return answer(HttpStatus.NOT_ACCEPTABLE, "this address answers only "
                + e.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(" or ")), e, request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<String> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return answer(HttpStatus.BAD_REQUEST, "the parameter " + e.getParameterName() + " is required", e, request);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<String> nothingHere(Exception e, HttpServletRequest request) {
        return answer(HttpStatus.NOT_FOUND, "there is nothing at this address", e, request);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<String> refused(ResponseStatusException e, HttpServletRequest request) {
        return answer(e.getStatusCode(), Optional.ofNullable(e.getReason()).orElse(phrase(e.getStatusCode())), e,
                request);
    }

    /** The rest of Spring MVC's request errors, each with its status (headers, cookies, parts, size, timeouts). */
    @ExceptionHandler({ServletRequestBindingException.class, ErrorResponseException.class,
            MaxUploadSizeExceededException.class, MissingServletRequestPartException.class,
            AsyncRequestTimeoutException.class})
    ResponseEntity<String> otherRequestError(Exception e, HttpServletRequest request) {
        ErrorResponse error = (ErrorResponse) e;
        return answer(error.getStatusCode(), Optional.ofNullable(error.getBody().getDetail())
                .orElse(phrase(error.getStatusCode())), e, request);
    }

    /** A multipart body Tomcat cannot take apart (no boundary, cut short): no form of the bridge is multipart. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<String> unreadableMultipart(MultipartException e, HttpServletRequest request) {
        return answer(HttpStatus.BAD_REQUEST, "the multipart body cannot be read; send the form as"
                + " application/x-www-form-urlencoded", e, request);
    }

    /** The FHIR server, not the request, failed: 502, and what to do. */
    @ExceptionHandler({FhirClientConnectionException.class, BaseServerResponseException.class})
    ResponseEntity<String> fhirServer(RuntimeException e, HttpServletRequest request) {
        String reason = e instanceof BaseServerResponseException answered
                ? "the FHIR server answered " + answered.getStatusCode() + "; try again, or tell an operator"
                : "the FHIR server did not answer; try again, or tell an operator";
        return answer(HttpStatus.BAD_GATEWAY, reason, e, request);
    }

    private ResponseEntity<String> answer(HttpStatusCode status, String reason, Exception e,
                                          HttpServletRequest request) {
        String clipped = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 1) + "…" : reason;
        LOG.warn("Refused {} {}: {} {} ({})", request.getMethod(), route(request), status.value(), clipped,
                e.getClass().getSimpleName());
        return pages.render(status, clipped, request, request.getRequestURI());
    }

    /** The route's pattern, such as {@code /consent/{token}}: never the address itself, which may carry a secret. */
    private static String route(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern == null ? "(no route)" : pattern.toString();
    }

    private static String reasons(ParameterValidationResult result) {
        String name = Optional.ofNullable(result.getMethodParameter().getParameterName()).orElse("a parameter");
        return result.getResolvableErrors().stream().map(error -> {
            String message = Optional.ofNullable(error.getDefaultMessage()).orElse("is not valid");
            return message.startsWith(name) ? message : name + " " + message;
        }).collect(Collectors.joining("; "));
    }

    /**
     * Why the body cannot be read, by place and field name only: Jackson's own messages quote the text they could not
     * parse, which may be a password or a token, and the reason is logged.
     */
    private static String unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonParseException parse) {
            String where = parse.getLocation() == null ? ""
                    : " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
            String message = Optional.ofNullable(parse.getOriginalMessage()).orElse("");
            return "the body is not valid JSON" + where
                    + (message.startsWith("Duplicate field") ? ": " + message.replaceAll("\\R.*", "") : "");
        }
        if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            return "the body's field " + path(mismatched) + " has the wrong type";
        }
        if (cause instanceof JsonMappingException mapping) {
            return "the body does not fit this call" + (mapping.getPath().isEmpty() ? "" : " at " + path(mapping));
        }
        return e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "a body is required" : "the body cannot be read";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                : "[" + reference.getIndex() + "]").collect(Collectors.joining("."));
    }

    static String phrase(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "status " + status.value() : known.getReasonPhrase();
    }
}
