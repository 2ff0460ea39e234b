package io.sluice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sluice.support.ServiceProcess;
import io.sluice.support.SparkCluster;

/**
 * P1 against a Spark standalone cluster ({@code ./mvnw -Pbench-cluster verify}): the built jar as the
 * driver of a master and one worker on loopback (2 cores, executors in their own JVM), the same
 * 1,000-row appends as {@link IngestionBench}'s P1, and the same appends through the jar on local[*]
 * for comparison. Writes target/bench/cluster-results.md.
 */
class ClusterBench {

    @Test
    void p1OnACluster() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "bench-cluster-" + Bench.shortId()));
        String rows = Bench.p1Rows();
        List<Double> cluster;
        try (SparkCluster spark = SparkCluster.start(dir, 2, "4g");
                ServiceProcess service = new ServiceProcess(dir.resolve("cluster-data"), dir.resolve("cluster.log"), spark.driverArguments("2g"))
                        .start().awaitReady(Duration.ofMinutes(3))) {
            String request = request("bench.p1_cluster", rows);
            cluster = Bench.measure(2, 7, () -> Bench.timeRun(service, request));
        }
        List<Double> local;
        try (ServiceProcess service = new ServiceProcess(dir.resolve("local-data"), dir.resolve("local.log")).start()
                .awaitReady(Duration.ofMinutes(3))) {
            String request = request("bench.p1_local", rows);
            local = Bench.measure(2, 7, () -> Bench.timeRun(service, request));
        }
        String result = "Measured %s on %d cores, Java %s.%n%n| case | Sluice (median) | baseline (median) | ratio | samples |%n|---|---|---|---|---|%n%s%n"
                .formatted(OffsetDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                        Bench.row("P1 append 1,000 rows: the jar on a standalone cluster (1 worker, 2 cores) vs the jar on local[*]", cluster,
                                local, "cluster / local", true));
        Path out = Files.createDirectories(Path.of("target", "bench")).resolve("cluster-results.md");
        Files.writeString(out, result);
        System.out.println(result);
    }

    /** The same table for every sample of a side, as in {@link IngestionBench}'s P1: the first run creates it. */
    private static String request(String table, CharSequence rows) {
        return """
                {"table": "%s", "strategy": "append",
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}""".formatted(table, IngestionBench.SCHEMA, rows);
    }
}
