package io.sluice.bench;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.spark.sql.SparkSession;

import io.sluice.SluiceProperties;
import io.sluice.support.SluiceClient;
import tools.jackson.databind.JsonNode;

/**
 * P8: maintenance on vs off, in the same run. {@code bench.p8.appends} appends of 100 rows into a 10-partition table,
 * Delta and Parquet, one table with maintenance and one without, the appends alternating between them: full-scan time,
 * files per partition, the appends' latency. Then {@code bench.p8.merges} merges of 1% of a 1M-row Delta table and
 * {@code bench.p8.parquet-merges} of a Parquet one, with
 * compaction after them and a vacuum once its retention has passed (the bench's minimum retention is 0 s): bytes on
 * storage vs the live data. "Maintenance on" is the table's automatic policy where the service has one
 * ({@code PUT /api/v1/tables/{name}/maintenance/policy} answers 200); else what the policy would do, by hand: a
 * compaction whenever the dry run finds a partition to compact. The row says which mode ran.
 */
final class MaintenanceBench {

    private static final String SCHEMA = "id BIGINT, name STRING, amount DOUBLE, event_date DATE";

    private final SluiceClient sluice;
    private final SparkSession spark;
    private final SluiceProperties properties;
    private final int appends = Integer.getInteger("bench.p8.appends", 1000);
    private final int merges = Integer.getInteger("bench.p8.merges", 1000);
    // a Parquet merge of 1% random keys rewrites all ten partitions: 1M rows a run
    private final int parquetMerges = Integer.getInteger("bench.p8.parquet-merges", 100);

    MaintenanceBench(SluiceClient sluice, SparkSession spark, SluiceProperties properties) {
        this.sluice = sluice;
        this.spark = spark;
        this.properties = properties;
    }

    List<String> p8() throws IOException {
        List<String> rows = new ArrayList<>();
        for (String format : appends > 0 ? List.of("delta", "parquet") : List.<String>of()) {
            rows.addAll(printed(appends(format)));
        }
        rows.addAll(printed(List.of(merges("delta", merges))));
        rows.addAll(printed(List.of(merges("parquet", parquetMerges))));
        return rows;
    }

    /** Each part's rows as soon as they exist: a run of hours stopped midway keeps what it measured. */
    private static List<String> printed(List<String> rows) {
        rows.forEach(row -> System.out.println("P8 row: " + row));
        return rows;
    }

    private List<String> appends(String format) {
        String id = Bench.shortId();
        String off = "bench.p8_" + format + "_off_" + id;
        String on = "bench.p8_" + format + "_on_" + id;
        List<Double> offTimes = new ArrayList<>();
        List<Double> onTimes = new ArrayList<>();
        List<Double> onWithMaintenance = new ArrayList<>();
        boolean policy = false;
        int compactions = 0;
        for (int i = 0; i < appends; i++) {
            String rows = rows(i);
            boolean onFirst = i % 2 == 0; // neither side always runs on a JVM the other has just warmed
            for (boolean maintained : onFirst ? new boolean[] { true, false } : new boolean[] { false, true }) {
                String table = maintained ? on : off;
                double write = Bench.timeRun(sluice, append(table, format, rows));
                if (!maintained) {
                    offTimes.add(write);
                    continue;
                }
                onTimes.add(write);
                if (i == 0) {
                    policy = sluice.put("/api/v1/tables/" + table + "/maintenance/policy", "{\"autoCompact\": true}").getStatusCode().value() == 200;
                }
                double maintenance = 0;
                if (!policy && preview(table).get("compacted").size() > 0) {
                    maintenance = Bench.time(() -> ok(compact(table)));
                    compactions++;
                }
                onWithMaintenance.add(write + maintenance);
            }
        }
        if (policy) { // the lane's last automatic compaction ends before a run submitted after it
            ok(compact(on));
        }
        long filesOn = maxFilesPerPartition(on);
        long filesOff = maxFilesPerPartition(off);
        Bench.Paired scans = Bench.alternating(5, () -> Bench.time(() -> scan(on)), () -> Bench.time(() -> scan(off)));
        String scale = "%,d appends of 100 rows into 10 partitions".formatted(appends) + (appends < 1000 ? " (below the issue's 1,000)" : "");
        String mode = policy ? "automatic policy" : "hand compaction after each append the dry run finds one for (%d ran)".formatted(compactions);
        return List.of(
                Bench.row("P8 %s, %s: full scan, maintenance on vs off (%s)".formatted(format, scale, mode), scans.subject(), scans.baseline(),
                        "on / off", true),
                "| P8 %s files per partition at the end (max): maintenance on %d, off %d | | | | |".formatted(format, filesOn, filesOff),
                Bench.row("P8 %s append latency, maintenance on vs off (the write alone)".formatted(format), onTimes, offTimes, "on / off", true)
                        .replaceAll("sluice \\[.*\\]; baseline \\[.*\\]", "%d samples each".formatted(appends)),
                Bench.row("P8 %s append with the maintenance that follows it, on vs off".formatted(format), onWithMaintenance, offTimes,
                        "on / off", true).replaceAll("sluice \\[.*\\]; baseline \\[.*\\]", "%d samples each; mean on %.3f s vs off %.3f s"
                                .formatted(appends, mean(onWithMaintenance), mean(offTimes))));
    }

    /**
     * Merges of 1% of a 1M-row table, each followed by what maintenance would do; then a vacuum with no retention left (on
     * Parquet keeping the newest change only).
     */
    private String merges(String format, int runs) throws IOException {
        String table = "bench.p8_merges_" + format + "_" + Bench.shortId();
        Path base = properties.resolve("inbox").resolve("p8-1m.parquet");
        if (!Files.exists(base.resolve("_SUCCESS"))) {
            spark.range(1_000_000).selectExpr("id", "concat('name-', id) AS name", "CAST(id % 1000 AS DOUBLE) AS amount",
                    "date_add(DATE'2024-08-01', CAST(id % 10 AS INT)) AS event_date").write().mode("overwrite").parquet(base.toString());
        }
        ok(sluice.submit("""
                {"table": "%s", "format": "%s", "strategy": "append", "partitionBy": ["event_date"],
                 "source": {"type": "files", "format": "parquet", "path": "%s"}}""".formatted(table, format, base)));
        boolean policy = sluice.put("/api/v1/tables/" + table + "/maintenance/policy", "{\"autoCompact\": true}").getStatusCode().value() == 200;
        int compactions = 0;
        for (int i = 0; i < runs; i++) {
            Path changes = properties.resolve("inbox").resolve("p8-merge-" + table.substring(6) + "-" + i + ".parquet");
            spark.table(table).where("pmod(hash(id, " + i + "), 100) = 0")
                    .selectExpr("id", "concat('merge-" + i + "-', id) AS name", "amount + 1 AS amount", "event_date")
                    .write().mode("overwrite").parquet(changes.toString());
            ok(sluice.submit("""
                    {"table": "%s", "strategy": "merge", "keys": ["id"],
                     "source": {"type": "files", "format": "parquet", "path": "%s"}}""".formatted(table, changes)));
            if (!policy && preview(table).get("compacted").size() > 0) {
                ok(compact(table));
                compactions++;
            }
        }
        ok(compact(table)); // after the policy's last, or the hand compaction's
        long storedBefore = stored(table);
        JsonNode vacuum = ok(sluice.exchangeId("/api/v1/tables/" + table + "/maintenance", "{\"operation\": \"vacuum\", \"retentionHours\": 0, \"keepChanges\": 1}"));
        long stored = stored(table);
        long live = live(table);
        assertThat(spark.newSession().table(table).count()).isEqualTo(1_000_000);
        return "| P8 %s, %,d merges of 1%% of a 1M-row table%s, %s: bytes on storage / live data after the vacuum | %,d / %,d bytes | "
                .formatted(format, runs, runs < 1000 ? " (below the issue's 1,000)" : "", policy ? "automatic policy"
                        : "hand compaction when the dry run finds one (%d ran)".formatted(compactions), stored, live)
                + String.format(Locale.ROOT, "before the vacuum %,d bytes (%.2f×) | stored / live = %.2f | vacuum removed %d files |",
                        storedBefore, (double) storedBefore / live, (double) stored / live, vacuum.get("metrics").get("filesRemoved").asLong());
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    /** 100 rows, 10 in each of the 10 dates. */
    private static String rows(int append) {
        return Bench.rows(append * 100L, 100);
    }

    private static String append(String table, String format, String rows) {
        return """
                {"table": "%s", "format": "%s", "strategy": "append", "partitionBy": ["event_date"],
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}""".formatted(table, format, SCHEMA, rows);
    }

    private JsonNode preview(String table) {
        return sluice.post("/api/v1/tables/" + table + "/maintenance?dryRun=true", "{\"operation\": \"compact\"}").getBody();
    }

    private String compact(String table) {
        return sluice.exchangeId("/api/v1/tables/" + table + "/maintenance", "{\"operation\": \"compact\"}");
    }

    private long maxFilesPerPartition(String table) {
        JsonNode preview = preview(table);
        long max = 0;
        for (String list : List.of("compacted", "unchanged")) {
            for (JsonNode partition : preview.get(list)) {
                max = Math.max(max, partition.get("files").asLong());
            }
        }
        return max;
    }

    /** A user's full scan through the catalog: count and a sum over every row. */
    private void scan(String table) {
        assertThat(spark.newSession().table(table).agg(count(lit(1)), sum("amount")).first().getLong(0)).isEqualTo(appends * 100L);
    }

    /** Every file under the table's directory: data, deletion vectors, the log and its checksums. */
    private long stored(String table) {
        try (Stream<Path> files = Files.walk(Bench.location(sluice, table))) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data files a scan of the current version reads, as another engine would find them through the catalog. */
    private long live(String table) throws IOException {
        long bytes = 0;
        for (String file : spark.newSession().table(table).inputFiles()) {
            bytes += Files.size(Bench.localPath(file));
        }
        return bytes;
    }

    private JsonNode ok(String runId) {
        JsonNode run = sluice.awaitEnd(runId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return run;
    }
}
