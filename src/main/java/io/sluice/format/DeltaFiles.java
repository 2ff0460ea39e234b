package io.sluice.format;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.VersionChecksum;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.sources.DeltaSQLConf;

import io.sluice.table.TableState;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Delta table's data files by partition, from its log's current snapshot. A small table's version checksum lists its
 * files ({@code allFilesInCrc}, on by default): they are counted here, in memory. Otherwise Delta reconstructs the
 * snapshot's state (Spark jobs and a cached Dataset per version), which, done after every write, took the cores a busy
 * service's next runs needed (BENCHMARKS.md, P11 and R7).
 */
final class DeltaFiles {

    private DeltaFiles() {
    }

    static List<PartitionFiles> byPartition(SparkSession session, DeltaLog log, TableState table, long targetFileSize) {
        Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
        double maxRatio = maxDeletedRowsRatio(session);
        List<PartitionFiles> result = listed(snapshot).map(files -> fromChecksum(files, table, targetFileSize, maxRatio))
                .orElseGet(() -> fromState(snapshot, table, targetFileSize, maxRatio));
        result.sort(Comparator.comparing(entry -> entry.partition().values().toString()));
        return result;
    }

    /** The files the snapshot's checksum lists, if it lists them. */
    static Optional<List<AddFile>> listed(Snapshot snapshot) {
        Option<VersionChecksum> checksum = snapshot.checksumOpt();
        if (checksum.isEmpty() || checksum.get().allFiles().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CollectionConverters.asJava(checksum.get().allFiles().get()));
    }

    /** The same counts as {@link #fromState}, over the listed files. */
    static List<PartitionFiles> fromChecksum(List<AddFile> files, TableState table, long targetFileSize, double maxRatio) {
        Map<Map<String, String>, long[]> partitions = new LinkedHashMap<>();
        for (AddFile file : files) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String column : table.partitionBy()) {
                Option<String> value = file.partitionValues().get(column);
                values.put(column, value.isEmpty() ? null : value.get());
            }
            long deleted = file.deletionVector() == null ? 0 : file.deletionVector().cardinality();
            Option<Object> records = file.numPhysicalRecords();
            boolean purge = records.isDefined() && (Long) records.get() > 0 && (double) deleted / (Long) records.get() > maxRatio;
            long[] counts = partitions.computeIfAbsent(values, v -> new long[5]);
            counts[0]++;
            counts[1] += file.size() < targetFileSize ? 1 : 0;
            counts[2] += file.size();
            counts[3] += deleted;
            counts[4] += purge ? 1 : 0;
        }
        List<PartitionFiles> result = new ArrayList<>();
        partitions.forEach((values, c) -> result.add(new PartitionFiles(values, c[0], c[1], c[2], c[3], c[4])));
        return result;
    }

    /** Counted by Spark over the reconstructed state. */
    static List<PartitionFiles> fromState(Snapshot snapshot, TableState table, long targetFileSize, double maxRatio) {
        Dataset<Row> files = snapshot.allFiles().toDF();
        Column[] partition = table.partitionBy().stream().map(c -> col("partitionValues").getItem(c).as(c)).toArray(Column[]::new);
        Column deleted = coalesce(col("deletionVector.cardinality"), lit(0L));
        // a file without numRecords in its stats has no ratio, for OPTIMIZE as here
        Column ratio = deleted.divide(get_json_object(col("stats"), "$.numRecords").cast("long"));
        List<Row> rows = files.groupBy(partition)
                .agg(count(lit(1)).as("files"), count_if(col("size").lt(targetFileSize)).as("small"), sum("size").as("bytes"),
                        sum(deleted).as("deleted"), count_if(ratio.gt(maxRatio)).as("purge"))
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
        return result;
    }

    /** The share of a file's rows its deletion vector may mark before OPTIMIZE rewrites the file to purge them. */
    static double maxDeletedRowsRatio(SparkSession session) {
        return (Double) session.sessionState().conf().getConf(DeltaSQLConf.DELTA_OPTIMIZE_MAX_DELETED_ROWS_RATIO());
    }
}
