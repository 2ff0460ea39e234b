package io.sluice.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.security.SecurityProperties.Role;

/**
 * Who may do what. Health probes and the API's description are open (orchestrators and the Swagger
 * UI's Authorize button need them); reading runs, tables and the other actuator endpoints needs
 * {@code viewer}; every change (POST, PUT, DELETE under /api) needs {@code operator}. Stateless: no
 * session, no CSRF token (no cookies are issued, so there is nothing for CSRF to ride on).
 */
@Configuration
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    /** Also the firewall's rejection handler: Spring Security picks up a bean of that type. */
    @Bean
    ProblemResponses problemResponses(SecurityProperties properties, MeterRegistry meters) {
        return new ProblemResponses(properties.header(), meters);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, ProblemResponses problems) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        if (!properties.enabled()) {
            log.warn("sluice.security.enabled=false: the API is open to anyone who can reach it, writes included");
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
        http.httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .addFilterBefore(new ApiKeyFilter(properties.header(), keys(properties), problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**").hasRole(Role.VIEWER.name())
                        .requestMatchers("/api/**").hasRole(Role.OPERATOR.name())
                        .anyRequest().hasRole(Role.VIEWER.name()));
        return http.build();
    }

    /** The configured keys; with no key and no user configured, one operator key generated for this start. */
    private static Map<String, SecurityProperties.ApiKey> keys(SecurityProperties properties) {
        Map<String, SecurityProperties.ApiKey> keys = new LinkedHashMap<>();
        properties.apiKeys().forEach(key -> {
            if (key.key() == null || key.key().length() < 16) {
                throw new IllegalStateException("API key '" + key.name() + "' must be at least 16 characters");
            }
            Role.parse(key.role()); // an unknown role fails the start, not the first request
            keys.put(key.key(), key);
        });
        if (keys.isEmpty() && properties.users().isEmpty()) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String generated = "sk-" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            keys.put(generated, new SecurityProperties.ApiKey("generated", generated, "operator"));
            log.warn("No API keys or users are configured (sluice.security): this start's operator key is {} - send it as {}: <key>. "
                    + "It is printed once and changes at every start; configure keys for anything but a local try.", generated,
                    properties.header());
        }
        return keys;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The configured basic users (also keeps Spring Boot from generating its own default user). */
    @Bean
    UserDetailsService users(SecurityProperties properties) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        properties.users().forEach(user -> users.createUser(User.withUsername(user.name()).password(user.password())
                .authorities(ApiKeyFilter.authorities(Role.parse(user.role()))).build()));
        return users;
    }
}
