package io.sluice.strategy;

import java.util.List;
import java.util.Map;

import io.sluice.run.RunMetrics;

/**
 * What a strategy knows beyond a Delta commit's own metrics: the partitions it replaced or dropped,
 * the rows those held where the commit does not report them (null otherwise), and for formats
 * without a commit log (Parquet) the whole metrics, measured by the write itself (null for Delta).
 */
public record WriteResult(List<Map<String, String>> partitionsReplaced, Long rowsReplaced, RunMetrics measured) {

    public static final WriteResult NO_PARTITIONS = new WriteResult(List.of(), null, null);

    static WriteResult measured(RunMetrics metrics) {
        return new WriteResult(metrics.partitionsReplaced() == null ? List.of() : metrics.partitionsReplaced(), null, metrics);
    }
}
