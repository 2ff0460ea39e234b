package io.sluice.run;

import java.util.List;
import java.util.UUID;

import io.sluice.source.SourceSpec;
import io.sluice.strategy.StrategyName;
import io.sluice.strategy.WriteOptions;
import io.sluice.strategy.WriteStrategy;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.watermark.WatermarkSpec;

/**
 * A checked request, ready to execute: names parsed, strategy resolved, source validated.
 * {@code requestedFormat} is null when the request left the format to the table (delta for a new one).
 * {@code watermark} is null for a run that loads all its source rows; {@code restore} is set (and
 * strategy and source are null) for a run that restores or rolls back the table;
 * {@code idempotencyKey} and {@code retryOf} are null unless the request has a key, and the run retries it.
 */
record RunPlan(UUID id, TableName table, WriteStrategy strategy, TableFormat requestedFormat, List<String> partitionBy,
        SourceSpec source, WriteOptions options, WatermarkSpec watermark, String idempotencyKey, UUID retryOf, RestoreTarget restore) {

    /** A run that restores or rolls back a table: it reads no source. */
    static RunPlan restore(TableName table, RestoreTarget target, TableFormat format) {
        return new RunPlan(UUID.randomUUID(), table, null, format, List.of(), null, WriteOptions.NONE, null, null, null, target);
    }

    StrategyName strategyName() {
        return restore != null ? StrategyName.RESTORE : strategy.name();
    }

    /** What the run reads, in a line, for the ledger and the log. */
    Run.SourceSummary summary() {
        return restore != null ? new Run.SourceSummary("restore", restore.describe()) : new Run.SourceSummary(source.typeName(),
                source.describe());
    }

    RunPlan retrying(UUID failedAttempt) {
        return new RunPlan(id, table, strategy, requestedFormat, partitionBy, source, options, watermark, idempotencyKey, failedAttempt,
                restore);
    }

    TableFormat formatForNewTable() {
        return requestedFormat == null ? TableFormat.DELTA : requestedFormat;
    }
}
