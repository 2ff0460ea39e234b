package io.sluice.run;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code maxConcurrent}: runs executing at once (on different tables; one table runs one at a time).
 * {@code maxQueued}: runs waiting in all; past it a submission gets 503 with Retry-After.
 */
@ConfigurationProperties("sluice.runs")
public record RunsProperties(
        @DefaultValue("4") int maxConcurrent,
        @DefaultValue("1000") int maxQueued,
        @DefaultValue("30") int shutdownGraceSeconds) {
}
