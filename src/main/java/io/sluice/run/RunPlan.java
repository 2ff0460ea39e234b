package io.sluice.run;

import java.util.List;
import java.util.UUID;

import io.sluice.source.SourceSpec;
import io.sluice.write.WriteOptions;
import io.sluice.strategy.WriteStrategy;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.watermark.WatermarkSpec;

/**
 * A checked request, ready to execute: names parsed, strategy resolved, source validated.
 * {@code requestedFormat} and {@code partitionBy} are the request's: null and empty when it left them to
 * the table (delta for a new one); {@code shape} is the table as it was checked, and as the run's document shows it.
 * {@code watermark} is null for a run that loads all its source rows; {@code restore} is set (and
 * strategy and source are null) for a run that restores or rolls back the table;
 * {@code idempotencyKey} and {@code retryOf} are null unless the request has a key, and the run retries it.
 */
public record RunPlan(UUID id, TableName table, WriteStrategy strategy, TableFormat requestedFormat, List<String> partitionBy,
        SourceSpec source, WriteOptions options, WatermarkSpec watermark, String idempotencyKey, UUID retryOf, RestoreTarget restore,
        TableShape shape) {

    /** A run that restores or rolls back a table: it reads no source. {@code shape} is null until the table is checked. */
    public static RunPlan restore(TableName table, RestoreTarget target, TableShape shape) {
        return new RunPlan(UUID.randomUUID(), table, null, shape == null ? null : shape.format(), List.of(), null, WriteOptions.NONE, null,
                null, null, target, shape);
    }

    public RunKind kind() {
        return restore != null ? RunKind.RESTORE : RunKind.of(strategy.name());
    }

    /** What the run reads, in a line, for the ledger and the log. */
    public Run.SourceSummary summary() {
        return restore != null ? new Run.SourceSummary("restore", restore.describe()) : new Run.SourceSummary(source.typeName(),
                source.describe());
    }

    public RunPlan retrying(UUID failedAttempt) {
        return new RunPlan(id, table, strategy, requestedFormat, partitionBy, source, options, watermark, idempotencyKey, failedAttempt,
                restore, shape);
    }

    public TableFormat formatForNewTable() {
        return TableFormat.forNewTable(requestedFormat);
    }
}
