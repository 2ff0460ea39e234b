package io.sluice.security;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call Sluice: API keys (header {@code X-API-Key}) and HTTP basic users, each with a role.
 * Keys and passwords come from configuration or the environment, never from a request. With neither
 * configured, a key is generated at start and printed once; {@code enabled: false} opens the API and
 * must be said explicitly.
 */
@ConfigurationProperties("sluice.security")
public record SecurityProperties(@DefaultValue("true") boolean enabled, List<ApiKey> apiKeys, List<User> users,
        @DefaultValue("X-API-Key") String header) {

    public SecurityProperties {
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        users = users == null ? List.of() : List.copyOf(users);
    }

    /** viewer: read runs, tables, previews, metrics; operator: also submit, cancel, restore, roll back, set watermarks. */
    public enum Role {
        VIEWER, OPERATOR;

        String authority() {
            return "ROLE_" + name();
        }

        static Role parse(String text) {
            return text == null ? VIEWER : valueOf(text.strip().toUpperCase(Locale.ROOT));
        }
    }

    public record ApiKey(String name, String key, String role) {
        @Override
        public String toString() { // never the key
            return "ApiKey[name=" + name + ", role=" + role + "]";
        }
    }

    /** {@code password} as Spring Security stores it: {@code {bcrypt}...}, or {@code {noop}...} for tests. */
    public record User(String name, String password, String role) {
        @Override
        public String toString() {
            return "User[name=" + name + ", role=" + role + "]";
        }
    }
}
