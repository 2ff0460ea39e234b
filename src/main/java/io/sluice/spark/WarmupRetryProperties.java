package io.sluice.spark;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the engine warm-up retries after a failure (an unreachable metastore, a warehouse it cannot write): the wait
 * starts at {@code firstDelay} and doubles up to {@code maxDelay}; each attempt that has not ended within
 * {@code attemptTimeout} counts as a failure, so that a metastore which accepts connections but never answers shows
 * on readiness rather than leaving it "warming up".
 */
@ConfigurationProperties("sluice.spark.warm-up-retry")
public record WarmupRetryProperties(
        @DefaultValue("2s") Duration firstDelay,
        @DefaultValue("60s") Duration maxDelay,
        @DefaultValue("2m") Duration attemptTimeout) {

    public WarmupRetryProperties {
        check(!firstDelay.isNegative() && !firstDelay.isZero(), "sluice.spark.warm-up-retry.first-delay must be positive");
        check(maxDelay.compareTo(firstDelay) >= 0, "sluice.spark.warm-up-retry.max-delay must be at least first-delay");
        check(!attemptTimeout.isNegative() && !attemptTimeout.isZero(), "sluice.spark.warm-up-retry.attempt-timeout must be positive");
    }

    /** The wait before the next attempt once {@code failures} attempts in a row have failed (1 or more). */
    public Duration delayAfter(int failures) {
        Duration delay = firstDelay;
        for (int i = 1; i < failures && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) < 0 ? delay : maxDelay;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
