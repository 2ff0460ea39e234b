package io.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

import io.sluice.support.HiveMetastore;
import io.sluice.support.ServiceProcess;

/**
 * P10 ({@code ./mvnw -Pbench-catalog verify}): P1's 1,000-row append and a 1,000-row merge through the built jar
 * with the shared Hive metastore service (on PostgreSQL, {@link HiveMetastore}) against the same jar on its embedded
 * Derby metastore, both services up at once, samples in alternating order. Target: ratio at most 1.10. Writes
 * target/bench/catalog-results.md.
 */
class CatalogBench {

    @Test
    void p10SharedMetastoreAgainstEmbeddedDerby() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "bench-catalog-" + Bench.shortId()));
        String rows = Bench.p1Rows();
        Bench.Paired append;
        Bench.Paired merge;
        try (HiveMetastore metastore = HiveMetastore.start(dir.resolve("metastore"));
                ServiceProcess shared = new ServiceProcess(dir.resolve("shared-data"), dir.resolve("shared.log"),
                        "--sluice.catalog.metastore-uris=" + metastore.uri()).start();
                ServiceProcess derby = new ServiceProcess(dir.resolve("derby-data"), dir.resolve("derby.log")).start()) {
            shared.awaitReady(Duration.ofMinutes(3));
            derby.awaitReady(Duration.ofMinutes(3));
            String appends = request("bench.p10_append", "append", "", rows);
            append = Bench.alternating(7, () -> Bench.timeRun(shared, appends), () -> Bench.timeRun(derby, appends));
            String merges = request("bench.p10_merge", "merge", "\"keys\": [\"id\"],", rows);
            merge = Bench.alternating(7, () -> Bench.timeRun(shared, merges), () -> Bench.timeRun(derby, merges));
        }
        String result = "Measured %s on %d cores, Java %s.%n%n| case | Sluice (median) | baseline (median) | ratio | samples |%n|---|---|---|---|---|%n%s%n%s%n"
                .formatted(OffsetDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                        Bench.row("P10 append 1,000 rows: shared metastore service (PostgreSQL) vs embedded Derby", append.subject(),
                                append.baseline(), "shared / Derby", true),
                        Bench.row("P10 merge 1,000 rows into 1,000: shared metastore service (PostgreSQL) vs embedded Derby", merge.subject(),
                                merge.baseline(), "shared / Derby", true));
        Path out = Files.createDirectories(Path.of("target", "bench")).resolve("catalog-results.md");
        Files.writeString(out, result);
        System.out.println(result);
    }

    /** The same table for every sample of a side: the first run (the discarded warm-up pair) creates it. */
    private static String request(String table, String strategy, String options, CharSequence rows) {
        return """
                {"table": "%s", "strategy": "%s", %s
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}""".formatted(table, strategy, options, IngestionBench.SCHEMA, rows);
    }
}
