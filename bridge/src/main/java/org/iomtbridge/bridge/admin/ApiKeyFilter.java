package org.iomtbridge.bridge.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Authenticates a caller of the admin API by an admin API key, as {@code Authorization: Bearer <key>} or
 * {@code X-API-Key}, with the key's roles. Without a valid key the request goes on unauthenticated, and the admin
 * API's entry point refuses it.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7)
                : request.getHeader("X-API-Key");
        keys.caller(key).ifPresent(caller -> {
            var context = SecurityContextHolder.createEmptyContext();
            // The key itself is never the principal: it would show up wherever the principal is logged.
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller.name(), null,
                    AuthorityUtils.createAuthorityList(caller.roles().stream().map(Role::authority).toList())));
            SecurityContextHolder.setContext(context);
        });
        chain.doFilter(request, response);
    }
}
