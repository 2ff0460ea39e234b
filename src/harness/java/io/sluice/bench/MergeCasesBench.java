package io.sluice.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import io.sluice.SluiceProperties;
import io.sluice.support.SluiceClient;

/**
 * P6: Delta's own merge benchmark cases (benchmarks/…/MergeTestCases.scala in delta-io/delta: insert-only,
 * delete-only and upserts at file-matched / row-matched / row-not-matched fractions), each through Sluice and as
 * Delta's raw MERGE statement, on fresh copies of one generated table, in alternating order. The target is shaped
 * like TPC-DS web_returns at scale 1 (720k rows, keyed by order number and item, in 36 files written in key order);
 * a case's source samples the files a hash of their path selects, as Delta's loader does: matched rows keep their
 * keys, not-matched rows get new ones. The source is a Parquet folder, a {@code files} source in Sluice.
 */
final class MergeCasesBench {

    static final long ROWS = 720_000;
    static final int FILES = 36;
    private static final String KEYS_MATCH = "t.order_number = s.order_number AND t.item_sk = s.item_sk";

    /** One of Delta's cases: its kind, fractions, Delta's statement, and the Sluice options that do the same. */
    record Case(String kind, double fileMatched, double rowMatched, double rowNotMatched) {

        String name() {
            return String.format(Locale.ROOT, "%s files %s matched %s not matched %s", kind, fileMatched, rowMatched, rowNotMatched);
        }

        String folder() {
            return String.format(Locale.ROOT, "p6-source-f%s-m%s-n%s", fileMatched, rowMatched, rowNotMatched).replace('.', '_');
        }

        String sql(String target, Path source) {
            String clauses = switch (kind) {
                case "single_insert_only" -> "WHEN NOT MATCHED THEN INSERT *";
                case "multiple_insert_only" -> "WHEN NOT MATCHED AND s.item_sk % 2 = 0 THEN INSERT * WHEN NOT MATCHED THEN INSERT *";
                case "delete_only" -> "WHEN MATCHED THEN DELETE";
                default -> "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
            };
            return "MERGE INTO %s t USING parquet.`%s` s ON %s %s".formatted(target, source, KEYS_MATCH, clauses);
        }

        /** Sluice has no conditional clauses: both insert-only cases are its whenMatched ignore. */
        String sluiceOptions() {
            return switch (kind) {
                case "single_insert_only", "multiple_insert_only" -> ", \"whenMatched\": \"ignore\"";
                case "delete_only" -> ", \"whenMatched\": \"delete\", \"whenNotMatched\": \"ignore\"";
                default -> "";
            };
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String kind : List.of("single_insert_only", "multiple_insert_only")) {
            for (double notMatched : new double[] { 0.05, 0.5, 1.0 }) {
                cases.add(new Case(kind, 0.05, 0, notMatched));
            }
        }
        cases.add(new Case("delete_only", 0.05, 0.05, 0));
        double[][] upserts = { { 0.05, 0.1, 0.01 }, { 0.05, 0.0, 0.1 }, { 0.05, 0.01, 0.1 }, { 0.05, 0.1, 0.0 }, { 0.5, 0.01, 0.001 },
                { 1.0, 0.01, 0.001 }, { 0.05, 0.5, 0.001 }, { 0.05, 0.99, 0.001 }, { 0.05, 1.0, 0.001 } };
        for (double[] u : upserts) {
            cases.add(new Case("upsert", u[0], u[1], u[2]));
        }
        return cases;
    }

    private final SluiceClient sluice;
    private final SparkSession spark;
    private final SluiceProperties properties;
    private int copies;

    MergeCasesBench(SluiceClient sluice, SparkSession spark, SluiceProperties properties) {
        this.sluice = sluice;
        this.spark = spark;
        this.properties = properties;
    }

    List<String> p6() throws Exception {
        Path base = baseTable();
        List<String> rows = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        int pairs = Integer.getInteger("bench.p6.pairs", 5); // -Dbench.p6.only=upsert runs the cases whose name has it
        for (int round = 0; round < 2; round++) { // round 0 warms every case's plans and code up, unmeasured
            for (Case c : cases().stream().filter(c -> c.name().contains(System.getProperty("bench.p6.only", ""))).toList()) {
                Path source = source(base, c);
                Supplier<Double> throughSluice = () -> {
                    String table = copy(base);
                    double seconds = Bench.timeRun(sluice, """
                            {"table": "%s", "strategy": "merge", "keys": ["order_number", "item_sk"]%s,
                             "source": {"type": "files", "format": "parquet", "path": "%s"}}""".formatted(table, c.sluiceOptions(), source));
                    check(c, table);
                    return seconds;
                };
                Supplier<Double> rawMerge = () -> {
                    String table = copy(base);
                    double seconds = Bench.time(() -> spark.sql(c.sql(table, source)).collect());
                    check(c, table);
                    return seconds;
                };
                Bench.Paired paired = Bench.alternating(round == 0 ? 0 : pairs, throughSluice, rawMerge);
                if (round == 1) {
                    ratios.add(Bench.median(paired.subject()) / Bench.median(paired.baseline()));
                    rows.add(Bench.row("P6 " + c.name() + " (" + Files.readString(source.resolve("_rows")).trim() + " source rows)",
                            paired.subject(), paired.baseline(), "Sluice / raw MERGE", true));
                }
            }
        }
        double geometricMean = Math.exp(ratios.stream().mapToDouble(Math::log).average().orElse(0));
        rows.add(String.format(Locale.ROOT, "| P6 all %d cases: geometric mean of the ratios | | | Sluice / raw MERGE = %.2f (max %.2f) | |",
                ratios.size(), geometricMean, ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        return rows;
    }

    /** Each merge leaves what Delta's case expects: the same row count through Sluice and raw, and its kind's counts only. */
    private void check(Case c, String table) {
        Row metrics = spark.sql("DESCRIBE HISTORY " + table + " LIMIT 1").select("operationMetrics").first();
        var m = metrics.getJavaMap(0);
        long updated = Long.parseLong(String.valueOf(m.get("numTargetRowsUpdated")));
        long deleted = Long.parseLong(String.valueOf(m.get("numTargetRowsDeleted")));
        long inserted = Long.parseLong(String.valueOf(m.get("numTargetRowsInserted")));
        switch (c.kind()) {
            case "delete_only" -> assertThat(updated + inserted).isZero();
            case "upsert" -> assertThat(deleted).isZero();
            default -> assertThat(updated + deleted).isZero();
        }
        spark.sql("DROP TABLE " + table); // the copy's files stay until the bench folder is cleaned; the catalog stays small
    }

    /** The generated target, once: 720k rows in 36 files, each a range of order numbers. */
    private Path baseTable() throws IOException {
        Path base = properties.resolve("bench").resolve("p6-web-returns");
        if (!Files.exists(base.resolve("_delta_log"))) {
            spark.range(ROWS).selectExpr("id DIV 3 + 1 AS order_number", "id % 3 * 7919 + id DIV 3 % 17 AS item_sk",
                    "CAST(2450815 + id % 2000 AS INT) AS returned_date_sk", "id * 31 % 100000 AS customer_sk",
                    "CAST(id % 100 + 1 AS INT) AS return_quantity", "CAST(id % 10000 AS DOUBLE) / 7 AS return_amt",
                    "CAST(id % 997 AS DOUBLE) / 13 AS return_tax", "CAST(id % 313 AS DOUBLE) / 3 AS fee",
                    "CAST(id % 5003 AS DOUBLE) / 11 AS net_loss", "concat('reason-', id % 35) AS reason")
                    .repartitionByRange(FILES, col("order_number")).write().format("delta").save(base.toString());
        }
        return base;
    }

    /**
     * A case's source, once: rows of the files a hash of their path selects, matched ones as they are, not-matched ones
     * with new keys. Delta's loader keeps the files whose hash falls below the fraction, which with 36 files can keep
     * none at 5% (it did, once: the part files' names are random); the fraction's share of the files with the lowest
     * hashes is the same selection with a fixed count.
     */
    private Path source(Path base, Case c) throws IOException {
        Path folder = properties.resolve("inbox").resolve(c.folder());
        if (!Files.exists(folder.resolve("_rows"))) {
            Dataset<Row> target = spark.read().format("delta").load(base.toString());
            Object[] selected = target.select(col("_metadata.file_path").as("path")).distinct().orderBy(hash(col("path")))
                    .limit((int) Math.ceil(c.fileMatched() * FILES)).collectAsList().stream().map(row -> row.get(0)).toArray();
            Dataset<Row> files = target.where(col("_metadata.file_path").isin(selected));
            Dataset<Row> matched = files.sample(c.rowMatched(), 7);
            Dataset<Row> notMatched = files.sample(c.rowNotMatched(), 11).withColumn("order_number", col("order_number").plus(lit(10_000_000_000L)));
            Dataset<Row> source = matched.unionByName(notMatched);
            source.write().mode("overwrite").parquet(folder.toString());
            long rows = spark.read().parquet(folder.toString()).count();
            assertThat(rows).as("%s: a source of no rows would measure no merge", c.name()).isPositive();
            Files.writeString(folder.resolve("_rows"), Long.toString(rows));
        }
        return folder;
    }

    private String copy(Path base) {
        return Bench.copy(spark, properties, base, "p6_copy_" + (++copies));
    }
}
