package io.sluice.run.callback;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** One POST of a run's document to its callback. */
@Schema(description = "One delivery attempt")
public record CallbackAttempt(
        @Schema(description = "1 for the first") int attempt,
        OffsetDateTime at,
        @Schema(description = "The receiver's HTTP status; null when it did not answer") Integer statusCode,
        @Schema(description = "Why the attempt did not deliver; null when it did") String error) {
}
