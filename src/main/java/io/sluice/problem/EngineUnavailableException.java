package io.sluice.problem;

import java.time.Duration;

/**
 * The engine cannot take work: its warm-up failed (an unreachable metastore, a warehouse it cannot write) and is being
 * retried. A 503 with {@code retryAfter}, apart from {@link OverloadedException}: a full queue empties by itself, this
 * usually needs someone to fix the setting the message names.
 */
public class EngineUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public EngineUnavailableException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
