package io.sluice.strategy;

import java.util.List;
import java.util.Map;

import io.sluice.run.RunMetrics;

/**
 * What a Parquet stage records about its write just before the swap: the metrics it measured, the
 * run's commit metadata, and what the swap replaces: the previous directory of every replaced
 * partition, the partitions it adds, or the previous location of an unpartitioned table. A restart
 * reads it to reconcile the run; a rollback reads it to swap back.
 */
public record StagedCommit(RunMetrics metrics, Map<String, String> commit, List<PartitionLocation> replaced,
        List<Map<String, String>> added, String previousLocation) {

    /** A partition (as its catalog spec) and a directory it is stored in. */
    public record PartitionLocation(Map<String, String> spec, String location) {
    }
}
