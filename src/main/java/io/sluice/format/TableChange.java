package io.sluice.format;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.sluice.write.RunMetrics;

/**
 * A run that changed a table and was not undone, as the ledger records it, oldest first: a Parquet table's versions are
 * these (0 is the create), and a rollback checks the one it undoes against them. {@code keepsRows}: a maintenance run,
 * which rewrote files and changed no row.
 */
public record TableChange(UUID runId, OffsetDateTime finishedAt, String operation, RunMetrics metrics, Long versionBefore,
        Long versionAfter, boolean keepsRows) {
}
