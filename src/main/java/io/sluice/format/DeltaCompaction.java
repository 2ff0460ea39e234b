package io.sluice.format;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.sources.DeltaSQLConf;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import io.sluice.table.Identifiers;
import io.sluice.table.TableState;
import io.sluice.write.RunMetrics;
import scala.Option;

/**
 * A Delta table's files by partition, read from its log's current snapshot, and their compaction by OPTIMIZE. OPTIMIZE
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

    static List<PartitionFiles> dataFiles(SparkSession session, DeltaLog log, TableState table, long targetFileSize) {
        Dataset<Row> files = log.update(false, Option.empty(), Option.empty()).allFiles().toDF();
        Column[] partition = table.partitionBy().stream().map(c -> col("partitionValues").getItem(c).as(c)).toArray(Column[]::new);
        Column deleted = coalesce(col("deletionVector.cardinality"), lit(0L));
        // a file without numRecords in its stats has no ratio, for OPTIMIZE as here
        Column ratio = deleted.divide(get_json_object(col("stats"), "$.numRecords").cast("long"));
        List<Row> rows = files.groupBy(partition)
                .agg(count(lit(1)).as("files"), count_if(col("size").lt(targetFileSize)).as("small"), sum("size").as("bytes"),
                        sum(deleted).as("deleted"), count_if(ratio.gt(maxDeletedRowsRatio(session))).as("purge"))
                .collectAsList();
        List<PartitionFiles> result = new ArrayList<>();
        for (Row row : rows) {
            long count = row.getLong(partition.length);
            if (count == 0) { // the one row of an empty table without partitions
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < partition.length; i++) {
                values.put(table.partitionBy().get(i), row.isNullAt(i) ? null : row.getString(i));
            }
            int at = partition.length;
            result.add(new PartitionFiles(values, count, row.getLong(at + 1), row.getLong(at + 2), row.getLong(at + 3), row.getLong(at + 4)));
        }
        result.sort(Comparator.comparing(entry -> entry.partition().values().toString()));
        return result;
    }

    /** The share of a file's rows its deletion vector may mark before OPTIMIZE rewrites the file to purge them. */
    static double maxDeletedRowsRatio(SparkSession session) {
        return (Double) session.sessionState().conf().getConf(DeltaSQLConf.DELTA_OPTIMIZE_MAX_DELETED_ROWS_RATIO());
    }

    /**
     * OPTIMIZE, then REORG ... APPLY (PURGE) of the partitions still holding a file to purge, and the commits found again by
     * the run id; a table with nothing to rewrite gets none. OPTIMIZE rewrites a file to purge only in a bin with another
     * file, so a partition of one such file, or of one beside files filling the target, needs the REORG: a second commit.
     */
    static Commit compact(CompactRequest request, DeltaLog log) {
        TableState table = request.table();
        optimize(request);
        List<PartitionFiles> unpurged = dataFiles(request.session(), log, table, request.targetFileSize()).stream()
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
