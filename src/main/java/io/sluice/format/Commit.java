package io.sluice.format;

import java.util.Map;

import io.sluice.receipt.WrittenRows;
import io.sluice.write.RunMetrics;

/**
 * One commit a run made to its table: the versions around it (null where the format has no versions of its own: Parquet
 * counts its versions in the ledger), its metrics, and what it recorded about the run ({@code runId},
 * {@code idempotencyKey}, the watermark it carries), and where the rows it was given went when the write counted more than
 * its inserts ({@code written}; null: a blind write, every row inserted).
 */
public record Commit(Long versionBefore, Long versionAfter, RunMetrics metrics, Map<String, String> metadata, WrittenRows written) {

    public Commit {
        metadata = Map.copyOf(metadata);
    }

    public Commit(Long versionBefore, Long versionAfter, RunMetrics metrics, Map<String, String> metadata) {
        this(versionBefore, versionAfter, metrics, metadata, null);
    }

    /** Where the rows given to the write went: as the write counted them, or all inserted by a blind write. */
    public WrittenRows writtenRows() {
        if (written != null) {
            return written;
        }
        Long inserted = metrics.rowsInserted() != null ? metrics.rowsInserted() : metrics.rowsOutput();
        return WrittenRows.inserted(inserted == null ? 0 : inserted);
    }

    public Commit withWritten(WrittenRows rows) {
        return new Commit(versionBefore, versionAfter, metrics, metadata, rows);
    }

    /** A commit whose versions are not the format's to tell. */
    static Commit unversioned(RunMetrics metrics, Map<String, String> metadata) {
        return new Commit(null, null, metrics, metadata);
    }

    Commit withMetrics(RunMetrics changed) {
        return new Commit(versionBefore, versionAfter, changed, metadata, written);
    }
}
