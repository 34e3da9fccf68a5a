package org.iomtbridge.emulator.api;

import jakarta.servlet.http.HttpServletRequest;
import org.iomtbridge.emulator.oauth.TokenService;
import org.iomtbridge.emulator.world.SimUser;
import org.iomtbridge.emulator.world.World;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Who calls: the access token as a Bearer header or, as Withings still accepts, an {@code access_token} parameter. */
@Component
public class ApiAccess {

    private final TokenService tokens;
    private final World world;

    public ApiAccess(TokenService tokens, World world) {
        this.tokens = tokens;
        this.world = world;
    }

    public static Optional<String> token(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        return Optional.ofNullable(request.getParameter("access_token")).filter(token -> !token.isBlank());
    }

    /** The authenticated user, who must have granted {@code scope}. */
    public SimUser user(HttpServletRequest request, String scope) {
        TokenService.Grant grant = tokens.authenticate(token(request).orElse(null));
        if (!grant.scopes().contains(scope)) {
            throw new WithingsError(214, "Unauthorized: the user did not grant " + scope);
        }
        return world.user(grant.userid()).filter(SimUser::linked).orElseThrow(WithingsError::invalidToken);
    }

    /** The client of a call, for rate limits and statistics; {@code unknown} when the token is not valid. */
    public String client(HttpServletRequest request) {
        String clientId = request.getParameter("client_id");
        if (clientId != null && !clientId.isBlank()) {
            return clientId;
        }
        return token(request).flatMap(tokens::peek).map(TokenService.Grant::clientId).orElse("unknown");
    }
}
