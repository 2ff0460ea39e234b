package io.sluice.bench;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.sql.SparkSession;

import io.delta.tables.DeltaTable;
import io.sluice.SluiceProperties;
import io.sluice.support.SluiceClient;

/**
 * P3: merge of 10k changed rows touching one date partition into tables of 1M and 16M rows (10k rows
 * per date, so 100 and 1,600 dates; keys spread over all dates), through Sluice (automatic partition
 * predicates) and as a raw Delta MERGE on the keys only. P4: dynamic overwrite of one partition in tables of 20 and 200 partitions.
 * Tables and change files are generated once and kept under the bench data directory.
 */
final class MergeBench {

    static final long ROWS_PER_DATE = 10_000;

    private final SluiceClient sluice;
    private final SparkSession spark;
    private final SluiceProperties properties;

    MergeBench(SluiceClient sluice, SparkSession spark, SluiceProperties properties) {
        this.sluice = sluice;
        this.spark = spark;
        this.properties = properties;
    }

    List<String> p3() throws Exception {
        Path small = partitionedTable("bench.p3_100d_spread", 100, "p3-changes-100d-spread");
        Path large = partitionedTable("bench.p3_1600d_spread", 1600, "p3-changes-1600d-spread");
        List<Double> withSmall = Bench.measure(1, 3, () -> Bench.timeRun(sluice, merge("bench.p3_100d_spread", small)));
        List<Double> withLarge = Bench.measure(1, 3, () -> Bench.timeRun(sluice, merge("bench.p3_1600d_spread", large)));
        List<Double> withoutSmall = Bench.measure(1, 3, () -> Bench.time(() -> rawMerge("bench.p3_100d_spread", small)));
        List<Double> withoutLarge = Bench.measure(1, 3, () -> Bench.time(() -> rawMerge("bench.p3_1600d_spread", large)));
        return List.of(
                Bench.row("P3 merge 10k rows into one date: 16M vs 1M rows, Sluice (automatic partition predicates)",
                        withLarge, withSmall, "16M / 1M", true),
                Bench.row("P3 the same as a raw Delta MERGE on the keys only (no partition predicates)",
                        withoutLarge, withoutSmall, "16M / 1M", true));
    }

    String p4() throws Exception {
        Path few = partitionedTable("bench.p4_20p", 20, "p4-one-partition-20p");
        Path many = partitionedTable("bench.p4_200p", 200, "p4-one-partition-200p");
        List<Double> twenty = Bench.measure(1, 3, () -> Bench.timeRun(sluice, overwrite("bench.p4_20p", few)));
        List<Double> twoHundred = Bench.measure(1, 3, () -> Bench.timeRun(sluice, overwrite("bench.p4_200p", many)));
        return Bench.row("P4 dynamic overwrite of one partition (10k rows): 200 vs 20 partitions", twoHundred, twenty,
                "200 / 20", true);
    }

    /** A Delta table of {@code dates} × 10k rows partitioned by date, and a Parquet file of changed rows for its last date. */
    private Path partitionedTable(String table, int dates, String changesName) throws Exception {
        Path changes = properties.resolve("inbox").resolve(changesName + ".parquet");
        if (!spark.catalog().tableExists(table) || !Files.exists(changes.resolve("_SUCCESS"))) {
            spark.sql("CREATE DATABASE IF NOT EXISTS bench");
            spark.sql("DROP TABLE IF EXISTS " + table);
            spark.range(dates * ROWS_PER_DATE)
                    .selectExpr("id", "concat('name-', id) AS name", "CAST(id % 1000 AS DOUBLE) AS amount",
                            // keys spread over all dates, as real keys are: file statistics on id cannot prune
                            "date_add(DATE'2020-01-01', CAST(id % " + dates + " AS INT)) AS event_date")
                    .writeTo(table).using("delta").partitionedBy(col("event_date")).create();
            spark.table(table).where(col("id").mod(dates).equalTo(dates - 1))
                    .selectExpr("id", "concat('changed-', id) AS name", "amount + 1 AS amount", "event_date")
                    .write().mode("overwrite").parquet(changes.toString());
        }
        return changes;
    }

    private static String merge(String table, Path changes) {
        return """
                {"table": "%s", "strategy": "merge", "keys": ["id"],
                 "source": {"type": "files", "format": "parquet", "path": "%s"}}""".formatted(table, changes);
    }

    private static String overwrite(String table, Path replacement) {
        return """
                {"table": "%s", "strategy": "dynamic_overwrite",
                 "source": {"type": "files", "format": "parquet", "path": "%s"}}""".formatted(table, replacement);
    }

    private void rawMerge(String table, Path changes) {
        DeltaTable.forName(spark, table).as("t").merge(spark.read().parquet(changes.toString()).as("s"), "t.id = s.id")
                .whenMatched().updateAll().whenNotMatched().insertAll().execute();
    }
}
