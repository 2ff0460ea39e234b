package io.sluice.format;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.spark.sql.delta.DeltaLog;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import io.sluice.table.Identifiers;
import io.sluice.table.TableState;
import io.sluice.write.RunMetrics;

/**
 * A Delta table's compaction by OPTIMIZE (its files by partition: {@link DeltaFiles}). OPTIMIZE
 * also rewrites, whatever its size, a file whose deletion vector marks more than
 * {@code spark.databricks.delta.optimize.maxDeletedRowsRatio} of its rows (Delta's default 5%) when it can bin it with
 * another, so the partitions holding one are compacted too: their deleted rows are purged, most often in the same commit.
 */
final class DeltaCompaction {

    /** Delta bins files under the minimum size into files of up to the maximum: both are the target here. */
    static final String MIN_FILE_SIZE = "spark.databricks.delta.optimize.minFileSize";
    static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";

    private DeltaCompaction() {
    }

    /**
     * OPTIMIZE, then REORG ... APPLY (PURGE) of the partitions still holding a file to purge, and the commits found again by
     * the run id; a table with nothing to rewrite gets none. OPTIMIZE rewrites a file to purge only in a bin with another
     * file, so a partition of one such file, or of one beside files filling the target, needs the REORG: a second commit.
     */
    static Commit compact(CompactRequest request, DeltaLog log) {
        TableState table = request.table();
        optimize(request);
        List<PartitionFiles> unpurged = DeltaFiles.byPartition(request.session(), log, table, request.targetFileSize()).stream()
                .filter(files -> files.filesToPurge() > 0 && request.partitions().stream().anyMatch(p -> p.partition().equals(files.partition())))
                .toList();
        if (!unpurged.isEmpty()) {
            purge(request, unpurged);
        }
        List<CommitInfo> commits = DeltaCommits.since(log, table.version()).stream()
                .filter(c -> request.runId().toString().equals(c.userMetadataField("runId"))).toList();
        if (commits.isEmpty()) {
            return new Commit(table.version(), table.version(), RunMetrics.NOTHING_WRITTEN, request.commitMetadata());
        }
        CommitInfo last = commits.get(commits.size() - 1);
        RunMetrics first = commits.get(0).toRunMetrics();
        RunMetrics metrics = new RunMetrics(first.rowsOutput(), first.rowsInserted(), first.rowsUpdated(), first.rowsDeleted(),
                total(commits, RunMetrics::filesAdded), total(commits, RunMetrics::filesRemoved), total(commits, RunMetrics::bytesAdded), null, null,
                null);
        return new Commit(table.version(), last.version(),
                metrics.withPartitionsReplaced(request.partitions().stream().map(PartitionFiles::partition).toList(), null),
                last.userMetadataFields());
    }

    private static long total(List<CommitInfo> commits, Function<RunMetrics, Long> metric) {
        return commits.stream().map(CommitInfo::toRunMetrics).map(metric).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
    }

    private static void optimize(CompactRequest request) {
        request.session().conf().set(MIN_FILE_SIZE, Long.toString(request.targetFileSize()));
        request.session().conf().set(MAX_FILE_SIZE, Long.toString(request.targetFileSize()));
        DeltaOptimizeBuilder optimize = DeltaTable.forPath(request.session(), request.table().location()).optimize();
        if (!request.table().partitionBy().isEmpty()) {
            optimize = optimize.where(partitionFilter(request.partitions()));
        }
        optimize.executeCompaction();
    }

    /** Rewrites every file with a deletion vector in the partitions, each on its own: REORG's purge. */
    private static void purge(CompactRequest request, List<PartitionFiles> partitions) {
        String where = request.table().partitionBy().isEmpty() ? "" : " WHERE " + partitionFilter(partitions);
        request.session().sql("REORG TABLE " + request.table().name().quoted() + where + " APPLY (PURGE)");
    }

    /** OPTIMIZE takes its partition filter as SQL text: identifiers quoted, values as string literals Spark casts. */
    static String partitionFilter(List<PartitionFiles> partitions) {
        return partitions.stream().map(files -> files.partition().entrySet().stream()
                .map(value -> Identifiers.quote(value.getKey()) + (value.getValue() == null ? " IS NULL" : " = " + literal(value.getValue())))
                .collect(Collectors.joining(" AND ", "(", ")"))).collect(Collectors.joining(" OR "));
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
