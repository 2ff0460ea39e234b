package io.sluice.run;

import io.swagger.v3.oas.annotations.media.Schema;

/** Counts copied from the engine's commit metrics (Delta {@code operationMetrics}), never recounted. */
@Schema(description = "Row and file counts from the table format's own commit metrics; null where the operation reports none")
public record RunMetrics(
        Long rowsOutput,
        Long rowsInserted,
        Long rowsUpdated,
        Long rowsDeleted,
        Long filesAdded,
        Long filesRemoved,
        Long bytesAdded) {

    public static final RunMetrics NONE = new RunMetrics(null, null, null, null, null, null, null);
}
