package org.iomtbridge.withings.model;

import java.util.List;

/** The answer of oauth2 {@code listusers}: one page, or all pages joined. */
public record ProgramUsers(List<ProgramUser> users, boolean more, long offset) implements Paged {

    public ProgramUsers {
        users = List.copyOf(users);
    }
}
