package io.sluice.format;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import io.sluice.table.Identifiers;
import io.sluice.table.TableState;
import io.sluice.write.RunMetrics;
import scala.Option;

/** A Delta table's files by partition, read from its log's current snapshot, and their compaction by OPTIMIZE. */
final class DeltaCompaction {

    /** Delta bins files under the minimum size into files of up to the maximum: both are the target here. */
    static final String MIN_FILE_SIZE = "spark.databricks.delta.optimize.minFileSize";
    static final String MAX_FILE_SIZE = "spark.databricks.delta.optimize.maxFileSize";

    private DeltaCompaction() {
    }

    static List<PartitionFiles> dataFiles(DeltaLog log, TableState table, long targetFileSize) {
        Dataset<Row> files = log.update(false, Option.empty(), Option.empty()).allFiles().toDF();
        Column[] partition = table.partitionBy().stream().map(c -> col("partitionValues").getItem(c).as(c)).toArray(Column[]::new);
        List<Row> rows = files.groupBy(partition)
                .agg(count(lit(1)).as("files"), count_if(col("size").lt(targetFileSize)).as("small"), sum("size").as("bytes"))
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
            result.add(new PartitionFiles(values, count, row.getLong(partition.length + 1), row.getLong(partition.length + 2)));
        }
        result.sort(Comparator.comparing(entry -> entry.partition().values().toString()));
        return result;
    }

    /** OPTIMIZE, and its commit found again by the run id; a table with no two files to bin together gets none. */
    static Commit compact(CompactRequest request, DeltaLog log) {
        TableState table = request.table();
        optimize(request);
        Optional<CommitInfo> commit = DeltaCommits.since(log, table.version()).stream()
                .filter(c -> request.runId().toString().equals(c.userMetadataField("runId"))).findFirst();
        if (commit.isEmpty()) {
            return new Commit(table.version(), table.version(), RunMetrics.NOTHING_WRITTEN, request.commitMetadata());
        }
        return new Commit(table.version(), commit.get().version(), commit.get().toRunMetrics()
                .withPartitionsReplaced(request.partitions().stream().map(PartitionFiles::partition).toList(), null),
                commit.get().userMetadataFields());
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
