package org.iomtbridge.bridge.admin;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;
import java.util.NoSuchElementException;

/** The users' and keys' calls answer a refused change with its reason: 400, 404 or 409, never a 500. */
@RestControllerAdvice(assignableTypes = {UsersController.class, ApiKeysController.class})
class AdminApiErrors {

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> malformed(IllegalArgumentException e) {
        return answer(HttpStatus.BAD_REQUEST, e);
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<Map<String, String>> missing(NoSuchElementException e) {
        return answer(HttpStatus.NOT_FOUND, e);
    }

    @ExceptionHandler(DashboardUsers.Refused.class)
    ResponseEntity<Map<String, String>> refused(DashboardUsers.Refused e) {
        return answer(HttpStatus.CONFLICT, e);
    }

    private static ResponseEntity<Map<String, String>> answer(HttpStatus status, RuntimeException e) {
        return ResponseEntity.status(status).body(Map.of("error", e.getMessage()));
    }
}
