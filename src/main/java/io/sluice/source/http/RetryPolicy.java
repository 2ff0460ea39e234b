package io.sluice.source.http;

import java.time.Duration;

/** Attempts in all (1 = no retry), the first backoff, and the cap backoffs double up to. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
}
