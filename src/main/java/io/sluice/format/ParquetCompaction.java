package io.sluice.format;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;

import io.sluice.table.TableState;
import io.sluice.write.RunMetrics;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;

/**
 * A Parquet table's files by partition, as Spark reads them, and their compaction: the partitions' rows are staged
 * again, each partition's in as few files of about the target size as its rows fill, then swapped in like a write's
 * ({@link ParquetSwap}), so a crash at any step leaves the partitions as they were or as compacted, and a rollback
 * swaps back to the files they had.
 */
final class ParquetCompaction {

    /** Spark's cap on rows per written file: how a large partition becomes several files of about the target size. */
    private static final String MAX_RECORDS_PER_FILE = "spark.sql.files.maxRecordsPerFile";

    private ParquetCompaction() {
    }

    static List<PartitionFiles> dataFiles(SparkSession session, TableState table, long targetFileSize) {
        Map<String, Map<String, String>> partitionOf = new HashMap<>();
        if (!table.partitionBy().isEmpty()) {
            for (CatalogTablePartition partition : ParquetSwap.partitionsBySpec(session.sessionState().catalog(), table.name().identifier())
                    .values()) {
                Map<String, String> spec = scala.jdk.javaapi.CollectionConverters.asJava(partition.spec());
                Map<String, String> values = new LinkedHashMap<>();
                table.partitionBy().forEach(column -> {
                    String value = spec.get(column);
                    values.put(column, ExternalCatalogUtils.DEFAULT_PARTITION_NAME().equals(value) ? null : value);
                });
                partitionOf.put(new Path(partition.location()).toString(), values);
            }
        }
        Map<Map<String, String>, long[]> counts = new LinkedHashMap<>();
        for (String file : session.table(table.name().quoted()).inputFiles()) {
            Path path = new Path(URI.create(file));
            long size = size(session, path);
            Map<String, String> partition = table.partitionBy().isEmpty() ? Map.of()
                    : partitionOf.getOrDefault(path.getParent().toString(), Map.of());
            long[] count = counts.computeIfAbsent(partition, p -> new long[3]);
            count[0]++;
            count[1] += size < targetFileSize ? 1 : 0;
            count[2] += size;
        }
        List<PartitionFiles> result = new ArrayList<>();
        counts.forEach((partition, count) -> result.add(new PartitionFiles(partition, count[0], count[1], count[2])));
        result.sort(Comparator.comparing(files -> files.partition().values().toString()));
        return result;
    }

    static RunMetrics compact(CompactRequest request) {
        TableState table = request.table();
        SparkSession session = request.session();
        boolean partitioned = !table.partitionBy().isEmpty();
        Dataset<Row> rows = session.table(table.name().quoted());
        if (partitioned) {
            rows = rows.where(PartitionFiles.predicate(request.partitions()));
        }
        long bytes = request.partitions().stream().mapToLong(PartitionFiles::bytes).sum();
        long count = rows.count();
        long perFile = Math.max(1, (long) Math.ceil((double) count * request.targetFileSize() / Math.max(1, bytes)));
        session.conf().set(MAX_RECORDS_PER_FILE, Long.toString(perFile));
        Dataset<Row> data = partitioned ? rows.repartition(table.partitionBy().stream().map(c -> col(c)).toArray(Column[]::new))
                : rows.repartition(1);
        WriteRequest write = new WriteRequest(request.runId(), session, table.name(), Optional.of(table), table.partitionBy(), data,
                WriteOptions.NONE, request.commitMetadata(), request.checkpoint());
        ParquetStage stage = ParquetStage.write(write, data);
        RunMetrics metrics = RunMetrics.compacted(stage.rows(), stage.files().files(),
                request.partitions().stream().mapToLong(PartitionFiles::files).sum(), stage.files().bytes(),
                request.partitions().stream().map(PartitionFiles::partition).toList());
        if (partitioned) {
            ParquetSwap.swapPartitions(write, stage, request.partitions().stream().map(ParquetCompaction::spec).toList(), metrics);
        } else {
            ParquetSwap.replaceLocation(write, stage, metrics);
        }
        return metrics;
    }

    /** The catalog's spec of a partition: a null value is its default partition name. */
    private static Map<String, String> spec(PartitionFiles files) {
        Map<String, String> spec = new LinkedHashMap<>();
        files.partition().forEach((column, value) -> spec.put(column, value == null ? ExternalCatalogUtils.DEFAULT_PARTITION_NAME() : value));
        return spec;
    }

    private static long size(SparkSession session, Path path) {
        try {
            return HadoopFiles.fileSystem(session, path).getFileStatus(path).getLen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
