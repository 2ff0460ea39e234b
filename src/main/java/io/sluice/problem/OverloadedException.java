package io.sluice.problem;

import java.time.Duration;

/** The run queue is full; the client should come back after {@code retryAfter} (503). */
public class OverloadedException extends RuntimeException {

    private final Duration retryAfter;

    public OverloadedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
