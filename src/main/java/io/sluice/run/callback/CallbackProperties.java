package io.sluice.run.callback;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Completion callbacks ({@code sluice.callbacks}). {@code allowedHosts}: the hosts a run's callback may name, as
 * {@code host} (any port) or {@code host:port}; none by default, so no callback is accepted until an operator lists
 * one. {@code secret}: the HMAC key every delivery is signed with; a callback is refused while it is unset.
 * {@code maxAttempts} in all, the first retry after {@code initialBackoff}, each later one after twice the wait before,
 * up to {@code maxBackoff}; {@code timeout} for each attempt's connection and answer.
 */
@ConfigurationProperties("sluice.callbacks")
public record CallbackProperties(
        List<String> allowedHosts,
        String secret,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("10s") Duration timeout) {

    public CallbackProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("sluice.callbacks.max-attempts must be at least 1, not " + maxAttempts);
        }
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }
}
