package org.iomtbridge.bridge.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/** Every call under {@code /api/} needs an admin API key, as {@code Authorization: Bearer <key>} or {@code X-API-Key}. */
@Component
public class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeys keys;

    public ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7)
                : request.getHeader("X-API-Key");
        if (!keys.valid(key)) {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"iomt-bridge admin API\"");
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"an admin API key is required: Authorization: Bearer <key>\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
