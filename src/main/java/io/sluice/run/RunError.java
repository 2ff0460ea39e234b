package io.sluice.run;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Why a run did not succeed: a stable {@code code} to branch on, a {@code message} a user can act on,
 * and the engine's own error condition where Spark or Delta named one.
 */
@Schema(description = "Why a run failed or was cancelled")
public record RunError(
        @Schema(example = "SCHEMA_MISMATCH") ErrorCode code,
        String message,
        @Schema(description = "Spark/Delta error condition, when the engine named one", example = "DELTA_FAILED_TO_MERGE_FIELDS")
        String engineCondition) {

    public static RunError of(ErrorCode code, String message) {
        return new RunError(code, message, null);
    }
}
