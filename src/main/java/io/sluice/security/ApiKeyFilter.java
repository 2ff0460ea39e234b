package io.sluice.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.filter.OncePerRequestFilter;

import io.sluice.security.SecurityProperties.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates a request by its API key header. Keys are compared in constant time; an unknown key
 * is a 401 at once (not an anonymous request). An operator holds the viewer's authority too.
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    private final String header;
    private final Map<String, SecurityProperties.ApiKey> keys;
    private final AuthenticationEntryPoint unauthenticated;

    ApiKeyFilter(String header, Map<String, SecurityProperties.ApiKey> keys, AuthenticationEntryPoint unauthenticated) {
        this.header = header;
        this.keys = keys;
        this.unauthenticated = unauthenticated;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(header);
        if (presented == null) {
            chain.doFilter(request, response);
            return;
        }
        SecurityProperties.ApiKey key = find(presented);
        if (key == null) {
            SecurityContextHolder.clearContext();
            unauthenticated.commence(request, response, new BadCredentialsException("unknown API key"));
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("key:" + key.name(), null,
                authorities(Role.parse(key.role()))));
        chain.doFilter(request, response);
    }

    static List<SimpleGrantedAuthority> authorities(Role role) {
        return role == Role.OPERATOR
                ? List.of(new SimpleGrantedAuthority(Role.OPERATOR.authority()), new SimpleGrantedAuthority(Role.VIEWER.authority()))
                : List.of(new SimpleGrantedAuthority(Role.VIEWER.authority()));
    }

    /** Every key is compared, whichever matches, so the time does not tell how much of a key was right. */
    private SecurityProperties.ApiKey find(String presented) {
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        SecurityProperties.ApiKey found = null;
        for (Map.Entry<String, SecurityProperties.ApiKey> key : keys.entrySet()) {
            if (MessageDigest.isEqual(candidate, key.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = key.getValue();
            }
        }
        return found;
    }
}
