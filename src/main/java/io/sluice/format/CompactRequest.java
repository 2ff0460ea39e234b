package io.sluice.format;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;

import io.sluice.table.TableState;
import io.sluice.write.Checkpoint;

/**
 * A compaction for a format to commit: run {@code runId} rewrites the files of {@code partitions} into files of about
 * {@code targetFileSize} bytes, on its own session; {@code commitMetadata} is what its commit records about the run.
 */
public record CompactRequest(UUID runId, SparkSession session, TableState table, List<PartitionFiles> partitions, long targetFileSize,
        Map<String, String> commitMetadata, Checkpoint checkpoint) {
}
