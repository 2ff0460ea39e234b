package io.sluice.run.callback;

import java.time.Duration;

/**
 * The wait before a delivery's next attempt: {@code initial} after the first failure, doubling after each, capped at
 * {@code max}. No jitter: each run has its own receiver call, so there is no herd of retries to spread out.
 */
record Backoff(Duration initial, Duration max) {

    /** The wait after attempt {@code failed} (1-based) failed. */
    Duration after(int failed) {
        long millis = initial.toMillis() << Math.min(failed - 1, 30);
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
