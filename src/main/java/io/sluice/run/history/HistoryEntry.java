package io.sluice.run.history;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import io.sluice.write.RunMetrics;

/** One change of a table: a Delta commit, or a Parquet run and the location it swapped in. */
@Schema(description = "A change of the table, newest first: its version (Delta), time, operation, run and metrics")
public record HistoryEntry(
        @Schema(description = "Delta version; for Parquet, the change's position among the changes that stand (0: the create)")
        Long version,
        OffsetDateTime timestamp,
        @Schema(description = "Delta's operation (WRITE, MERGE, RESTORE, ...) or the run's strategy") String operation,
        @Schema(description = "The Sluice run that made the change; null for changes made outside Sluice") UUID runId,
        RunMetrics metrics,
        @Schema(description = "Parquet: the run's stage, kept: the directory its swap made part of the table, or its append's "
                + "record; null for Delta") String location) {
}
