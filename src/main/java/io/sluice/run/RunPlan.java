package io.sluice.run;

import java.util.List;
import java.util.UUID;

import io.sluice.expectation.RuleSet;
import io.sluice.source.SourceSpec;
import io.sluice.write.WriteOptions;
import io.sluice.strategy.WriteStrategy;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.watermark.WatermarkSpec;
import io.sluice.web.EnumNames;

/**
 * A checked request, ready to execute: names parsed, strategy resolved, source validated.
 * {@code requestedFormat} and {@code partitionBy} are the request's: null and empty when it left them to
 * the table (delta for a new one); {@code shape} is the table as it was checked, and as the run's document shows it.
 * {@code watermark} is null for a run that loads all its source rows; {@code operation} is set (and
 * strategy and source are null) for a run that restores, rolls back or maintains the table;
 * {@code idempotencyKey} and {@code retryOf} are null unless the request has a key, and the run retries it;
 * {@code expectations} are the table's rules with the request's, checked on submit, with the quarantine table.
 */
public record RunPlan(UUID id, TableName table, WriteStrategy strategy, TableFormat requestedFormat, List<String> partitionBy,
        SourceSpec source, WriteOptions options, WatermarkSpec watermark, String idempotencyKey, UUID retryOf,
        TableOperation operation, TableShape shape, RuleSet expectations) {

    public RunPlan {
        expectations = expectations == null ? RuleSet.NONE : expectations;
    }

    /** A run that restores, rolls back or maintains a table: it reads no source. {@code shape} is null until the table is checked. */
    public static RunPlan of(TableName table, TableOperation operation, TableShape shape) {
        return new RunPlan(UUID.randomUUID(), table, null, shape == null ? null : shape.format(), List.of(), null, WriteOptions.NONE, null,
                null, null, operation, shape, null);
    }

    /** The restore this run makes; null for any other run. */
    public RestoreTarget restore() {
        return operation instanceof RestoreTarget target ? target : null;
    }

    public RunKind kind() {
        return operation != null ? operation.kind() : RunKind.of(strategy.name());
    }

    /** What the run reads, in a line, for the ledger and the log. */
    public Run.SourceSummary summary() {
        return operation != null ? new Run.SourceSummary(EnumNames.of(operation.kind()), operation.describe())
                : new Run.SourceSummary(source.typeName(), source.describe());
    }

    public RunPlan retrying(UUID failedAttempt) {
        return new RunPlan(id, table, strategy, requestedFormat, partitionBy, source, options, watermark, idempotencyKey, failedAttempt,
                operation, shape, expectations);
    }

    /** The same run under the id and retry link the ledger gave it: a queued run planned again by the replica that takes it. */
    public RunPlan reissued(UUID runId, UUID failedAttempt) {
        return new RunPlan(runId, table, strategy, requestedFormat, partitionBy, source, options, watermark, idempotencyKey, failedAttempt,
                operation, shape, expectations);
    }

    public TableFormat formatForNewTable() {
        return TableFormat.forNewTable(requestedFormat);
    }
}
