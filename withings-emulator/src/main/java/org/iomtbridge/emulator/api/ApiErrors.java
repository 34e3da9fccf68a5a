package org.iomtbridge.emulator.api;

import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/** Withings answers errors with HTTP 200 and the status in the body. */
@RestControllerAdvice
public class ApiErrors {

    @ExceptionHandler(WithingsError.class)
    public Map<String, Object> withingsError(WithingsError error) {
        return Envelopes.error(error.status(), error.getMessage(), error.body());
    }

    @ExceptionHandler(NumberFormatException.class)
    public Map<String, Object> badNumber(NumberFormatException error) {
        return Envelopes.error(503, "Invalid Params: " + error.getMessage(), Map.of());
    }
}
