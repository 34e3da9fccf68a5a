package org.iomtbridge.withings.model;

import java.util.Optional;

/**
 * A user of oauth2 {@code listusers}: someone who authorized the application.
 *
 * @param fullyOwned whether the application created the account (activate, createuserorder): only such a user's
 *                   authorization code can be recovered
 */
public record ProgramUser(String userId, Optional<String> email, boolean fullyOwned) {
}
