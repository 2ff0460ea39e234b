package io.sluice.run.callback;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** A run's callback: where it goes, every attempt so far, and whether it arrived. */
@Schema(description = "A run's completion callback and its delivery attempts")
public record CallbackReport(
        String url,
        @Schema(description = "A receiver answered 2xx") boolean delivered,
        @Schema(description = "More attempts may follow: the run has not ended, or a retry is due") boolean pending,
        List<CallbackAttempt> attempts) {

    public CallbackReport {
        attempts = List.copyOf(attempts);
    }
}
