package org.iomtbridge.bridge.programs;

import org.iomtbridge.bridge.web.WebProperties;
import org.iomtbridge.bridge.withings.WithingsClients;
import org.iomtbridge.withings.WithingsProgram;
import org.iomtbridge.withings.WithingsTokens;
import org.iomtbridge.withings.model.ProgramUser;
import org.springframework.stereotype.Component;

import java.net.URI;

/**
 * A program member's tokens: their authorization code exchanged as any patient's, or a new code recovered for a member
 * the program created, as only a program can.
 */
@Component
class MemberTokens {

    private final WithingsClients withings;
    private final URI redirectUri;

    MemberTokens(WithingsClients withings, WebProperties web) {
        this.withings = withings;
        // A member's code names no redirect; the exchange still takes one, and this is the bridge's.
        this.redirectUri = URI.create(web.publicBaseUrl() + "/oauth/callback");
    }

    WithingsProgram program() {
        return withings.client().program();
    }

    WithingsTokens exchange(String authorizationCode) {
        return withings.client().oauth().exchangeCode(authorizationCode, redirectUri);
    }

    WithingsTokens recover(String withingsUserId) {
        return exchange(program().recoverAuthorizationCode(withingsUserId));
    }

    /** The tokens of the member whose account was created with this address. */
    WithingsTokens recoverByEmail(String email) {
        String userId = program().allUsers().stream()
                .filter(user -> user.email().filter(email::equalsIgnoreCase).isPresent())
                .map(ProgramUser::userId).findFirst()
                .orElseThrow(() -> new IllegalStateException("Withings lists no member created with this enrollment's"
                        + " address"));
        return recover(userId);
    }
}
