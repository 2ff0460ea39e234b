package io.sluice.run;

import java.util.List;
import java.util.UUID;

import io.sluice.source.SourceSpec;
import io.sluice.strategy.WriteOptions;
import io.sluice.strategy.WriteStrategy;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;

/**
 * A checked request, ready to execute: names parsed, strategy resolved, source validated.
 * {@code requestedFormat} is null when the request left the format to the table (delta for a new one).
 * {@code idempotencyKey} and {@code retryOf} are null unless the request has a key, and the run retries it.
 */
record RunPlan(UUID id, TableName table, WriteStrategy strategy, TableFormat requestedFormat, List<String> partitionBy,
        SourceSpec source, WriteOptions options, String idempotencyKey, UUID retryOf) {

    RunPlan retrying(UUID failedAttempt) {
        return new RunPlan(id, table, strategy, requestedFormat, partitionBy, source, options, idempotencyKey, failedAttempt);
    }

    TableFormat formatForNewTable() {
        return requestedFormat == null ? TableFormat.DELTA : requestedFormat;
    }
}
