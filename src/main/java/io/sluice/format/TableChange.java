package io.sluice.format;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.sluice.write.RunMetrics;

/**
 * A run that changed a table and was not undone, as the ledger records it, oldest first: a Parquet table's versions are
 * these, and a rollback checks the one it undoes against them. {@code version}: the table's version after it (Parquet:
 * the changes that left the ledger plus its position among those left, 0 the create; Delta: the run's version after).
 * {@code keepsRows}: a maintenance run, which rewrote files and changed no row.
 */
public record TableChange(UUID runId, Long version, OffsetDateTime finishedAt, String operation, RunMetrics metrics, Long versionBefore,
        Long versionAfter, boolean keepsRows) {
}
