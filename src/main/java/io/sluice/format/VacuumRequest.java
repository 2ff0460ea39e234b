package io.sluice.format;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;

import io.sluice.table.TableState;
import io.sluice.write.Checkpoint;

/**
 * A vacuum of {@code table} as run {@code runId}: what the versions of the last {@code retention} before {@code now} read is
 * kept, and on Parquet also what the restores of the newest {@code keepChanges} changes need ({@code changes}: the ledger's).
 * {@code restorableFrom} hears the oldest version still restorable before anything is deleted.
 */
public record VacuumRequest(UUID runId, SparkSession session, TableState table, Duration retention, int keepChanges, Instant now,
        Supplier<List<TableChange>> changes, Map<String, String> commitMetadata, Checkpoint checkpoint, LongConsumer restorableFrom) {
}
