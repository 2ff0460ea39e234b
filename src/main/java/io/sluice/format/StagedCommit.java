package io.sluice.format;

import java.util.List;
import java.util.Map;

import io.sluice.write.RunMetrics;

/**
 * What a Parquet stage records about its write just before the commit: the metrics it measured, the
 * run's commit metadata, and what the commit changes. A swap: the previous directory of every
 * replaced partition, the partitions it adds, or the previous location of an unpartitioned table.
 * An append: the files it moves into the table and the partitions it adds. A restart reads it to
 * reconcile the run; a rollback reads it to undo the run.
 */
public record StagedCommit(RunMetrics metrics, Map<String, String> commit, List<PartitionLocation> replaced,
        List<Map<String, String>> added, String previousLocation, List<FileMove> moves, List<PartitionLocation> addedAt) {

    /** A partition (as its catalog spec) and a directory it is stored in. */
    public record PartitionLocation(Map<String, String> spec, String location) {
    }

    /** A data file an append moves from its stage into the table. */
    public record FileMove(String from, String to) {
    }

    static StagedCommit swap(RunMetrics metrics, Map<String, String> commit, List<PartitionLocation> replaced,
            List<Map<String, String>> added, String previousLocation) {
        return new StagedCommit(metrics, commit, replaced, added, previousLocation, List.of(), List.of());
    }

    /** The same commit recording {@code metadata} about the run. */
    StagedCommit withCommit(Map<String, String> metadata) {
        return new StagedCommit(metrics, metadata, replaced, added, previousLocation, moves, addedAt);
    }

    boolean isAppend() {
        return moves != null && !moves.isEmpty();
    }
}
