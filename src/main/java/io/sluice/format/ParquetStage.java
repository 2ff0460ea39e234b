package io.sluice.format;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;

import io.sluice.cluster.CommitFence;
import io.sluice.table.TableState;
import tools.jackson.databind.json.JsonMapper;
import io.sluice.write.WriteRequest;
import io.sluice.write.FaultStep;

/**
 * A run's rows written beside a Parquet table, not yet part of it: {@code <table root>/_sluice/<run id>},
 * partitioned like the table. A swap then points the table (or its partitions) at it. The leading
 * underscore hides the directory from every listing of the table root, so a stage that is never
 * swapped in is never read as data; a stage that was swapped out stays as the previous version.
 */
record ParquetStage(Path root, long rows, FileStats files) {

    static final String DIRECTORY = "_sluice";
    private static final String METRICS = "_commit.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ParquetStage write(WriteRequest request, Dataset<Row> data) {
        Path root = root(request.target(), request.runId());
        Observation observed = new Observation("sluice-stage-" + request.runId());
        data.observe(observed, count(lit(1)).as("rows")).write()
                .partitionBy(request.partitionColumns().toArray(String[]::new))
                .parquet(root.toString());
        request.checkpoint().reached(FaultStep.STAGED);
        return new ParquetStage(root, ParquetTables.observed(observed, "rows"), FileStats.under(request.session(), root));
    }

    /** The directory of one partition of the stage, named as Spark names partition directories. */
    Path partition(Map<String, String> spec) {
        Path path = root;
        for (Map.Entry<String, String> value : spec.entrySet()) {
            path = new Path(path, ExternalCatalogUtils.getPartitionPathString(value.getKey(), value.getValue()));
        }
        return path;
    }

    /**
     * Writes what the swap is about to do into the stage (see {@link StagedCommit}): if the service dies
     * after the swap, the reconciliation finds it here. A hidden file, never read as data.
     */
    void record(WriteRequest request, StagedCommit commit) {
        Path file = new Path(root, METRICS);
        try (var out = file.getFileSystem(request.session().sparkContext().hadoopConfiguration()).create(file, false)) {
            out.write(JSON.writeValueAsBytes(request.before().isEmpty() ? commit : commit.withCommit(
                    CommitFence.withToken(request.target().location(), commit.commit()))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@link #record} wrote for a run, if the stage holds it. */
    static Optional<StagedCommit> recorded(SparkSession session, TableState table, UUID runId) {
        Path file = new Path(root(table, runId), METRICS);
        try {
            FileSystem fs = file.getFileSystem(session.sparkContext().hadoopConfiguration());
            if (!fs.exists(file)) {
                return Optional.empty();
            }
            try (var in = fs.open(file)) {
                return Optional.of(JSON.readValue(in.readAllBytes(), StagedCommit.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty directory new partitions point at until the commit moves them to their staged data. */
    Path placeholder() {
        return new Path(root, "_pending");
    }

    /** Where a run stages: under the table's location, above any stage the table was swapped to. */
    static Path root(TableState table, UUID runId) {
        return new Path(SymlinkManifest.tableRoot(table.location()), DIRECTORY + "/" + runId);
    }
}
