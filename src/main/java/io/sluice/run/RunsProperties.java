package io.sluice.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code maxConcurrent}: runs executing at once (on different tables; one table runs one at a time).
 * {@code maxQueued}: runs waiting in all; past it a submission gets 503 with Retry-After.
 * {@code retention}: how long a finished run stays in the ledger (with its idempotency key); zero keeps runs forever.
 * {@code expiryInterval}: how often expired runs are removed.
 */
@ConfigurationProperties("sluice.runs")
public record RunsProperties(
        @DefaultValue("4") int maxConcurrent,
        @DefaultValue("1000") int maxQueued,
        @DefaultValue("30") int shutdownGraceSeconds,
        @DefaultValue("30d") Duration retention,
        @DefaultValue("1h") Duration expiryInterval) {

    public RunsProperties {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("sluice.runs.retention is " + retention + ": give a positive duration, or 0 to keep runs");
        }
        if (expiryInterval.isNegative() || expiryInterval.isZero()) {
            throw new IllegalArgumentException("sluice.runs.expiry-interval is " + expiryInterval + ": give a positive duration");
        }
    }
}
