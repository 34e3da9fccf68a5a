package org.iomtbridge.withings;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * What the user is asked to authorize on Withings' page.
 *
 * @param redirectUri where Withings sends the user back with {@code code} and {@code state}; it must be registered
 *                    with the Withings application
 * @param state       an unguessable value the callback checks, to tie the answer to this request
 * @param demo        {@code mode=demo}: Withings' demo account instead of a real user
 */
public record AuthorizationRequest(URI redirectUri, String state, Set<Scope> scopes, boolean demo) {

    public AuthorizationRequest {
        Objects.requireNonNull(redirectUri, "redirectUri");
        if (Objects.requireNonNull(state, "state").isBlank()) {
            throw new IllegalArgumentException("state is blank: pass an unguessable value to check in the callback");
        }
        scopes = Set.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("no scopes: ask at least for user.info");
        }
    }
}
