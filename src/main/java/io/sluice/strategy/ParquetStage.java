package io.sluice.strategy;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;

import io.sluice.table.TableState;

/**
 * A run's rows written beside a Parquet table, not yet part of it: {@code <table root>/_sluice/<run id>},
 * partitioned like the table. A swap then points the table (or its partitions) at it. The leading
 * underscore hides the directory from every listing of the table root, so a stage that is never
 * swapped in is never read as data; a stage that was swapped out stays as the previous version.
 */
record ParquetStage(Path root, long rows, FileStats files) {

    static final String DIRECTORY = "_sluice";

    static ParquetStage write(WriteRequest request, Dataset<Row> data) {
        Path root = new Path(tableRoot(request.before().orElseThrow()), DIRECTORY + "/" + request.runId());
        Observation observed = new Observation("sluice-stage-" + request.runId());
        data.observe(observed, count(lit(1)).as("rows")).write()
                .partitionBy(request.partitionColumns().toArray(String[]::new))
                .parquet(root.toString());
        request.checkpoint().reached("staged");
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

    /** Where stages go: the table's location, above any stage it was swapped to. */
    private static Path tableRoot(TableState table) {
        String location = table.location();
        int stage = location.indexOf("/" + DIRECTORY + "/");
        return new Path(stage < 0 ? location : location.substring(0, stage));
    }
}
