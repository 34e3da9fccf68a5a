package org.iomtbridge.bridge.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.HashSet;

/**
 * Holds a signed-in session to the user's roles as they are now, not as they were at sign-in: a user disabled or
 * removed is signed out at their next request, and one given other roles has them at once — on every instance,
 * as the roles are read from the database.
 */
final class CurrentRoles extends OncePerRequestFilter {

    private final DashboardUsers users;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    CurrentRoles(DashboardUsers users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (signedIn != null && signedIn.getPrincipal() instanceof UserDetails) {
            UserDetails now = current(signedIn.getName());
            var context = SecurityContextHolder.createEmptyContext();
            if (now == null || !now.isEnabled()) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else if (!new HashSet<GrantedAuthority>(now.getAuthorities())
                    .equals(new HashSet<GrantedAuthority>(signedIn.getAuthorities()))) {
                if (now instanceof CredentialsContainer credentials) {
                    credentials.eraseCredentials();
                }
                var updated = UsernamePasswordAuthenticationToken.authenticated(now, null, now.getAuthorities());
                updated.setDetails(signedIn.getDetails());
                context.setAuthentication(updated);
                sessions.saveContext(context, request, response);
            } else {
                context = SecurityContextHolder.getContext();
            }
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }

    private UserDetails current(String name) {
        try {
            return users.loadUserByUsername(name);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }
}
