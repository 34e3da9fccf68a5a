package org.iomtbridge.bridge.programs;

import org.springframework.http.HttpStatus;

/** A program action not done, why, and the HTTP status that says so; nothing of it was kept. */
class ProgramRefusal extends RuntimeException {

    private final HttpStatus status;

    ProgramRefusal(HttpStatus status, String reason) {
        super(reason);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
