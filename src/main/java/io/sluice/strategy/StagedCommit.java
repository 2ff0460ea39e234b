package io.sluice.strategy;

import java.util.Map;

import io.sluice.run.RunMetrics;

/** What a Parquet stage records about its write before the swap: the metrics it measured and the run's commit metadata. */
public record StagedCommit(RunMetrics metrics, Map<String, String> commit) {
}
