package io.sluice.run;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** One change of a table: a Delta commit, or a Parquet run and the location it swapped in. */
@Schema(description = "A change of the table, newest first: its version (Delta), time, operation, run and metrics")
public record HistoryEntry(
        @Schema(description = "Delta version; null for Parquet tables") Long version,
        OffsetDateTime timestamp,
        @Schema(description = "Delta's operation (WRITE, MERGE, RESTORE, ...) or the run's strategy") String operation,
        @Schema(description = "The Sluice run that made the change; null for changes made outside Sluice") UUID runId,
        RunMetrics metrics,
        @Schema(description = "Parquet: the kept directory the run swapped in (its stage); null for appends and Delta") String location) {
}
