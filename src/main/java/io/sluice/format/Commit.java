package io.sluice.format;

import java.util.Map;

import io.sluice.write.RunMetrics;

/**
 * One commit a run made to its table: the versions around it (null where the format has no versions of its own: Parquet
 * counts its versions in the ledger), its metrics, and what it recorded about the run ({@code runId},
 * {@code idempotencyKey}, the watermark it carries).
 */
public record Commit(Long versionBefore, Long versionAfter, RunMetrics metrics, Map<String, String> metadata) {

    public Commit {
        metadata = Map.copyOf(metadata);
    }

    /** A commit whose versions are not the format's to tell. */
    static Commit unversioned(RunMetrics metrics, Map<String, String> metadata) {
        return new Commit(null, null, metrics, metadata);
    }

    Commit withMetrics(RunMetrics changed) {
        return new Commit(versionBefore, versionAfter, changed, metadata);
    }
}
