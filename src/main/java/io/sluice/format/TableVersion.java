package io.sluice.format;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.sluice.write.RunMetrics;

/** One version of a table: a Delta commit, or a Parquet change and the stage it made part of the table ({@code location}). */
public record TableVersion(long version, OffsetDateTime timestamp, String operation, UUID runId, RunMetrics metrics,
        String location) {
}
