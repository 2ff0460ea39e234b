package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.SluiceProperties;
import io.sluice.run.execution.RunScheduler;
import io.sluice.support.SluiceClient;
import io.sluice.support.SluiceIntegrationTest;

/**
 * The bench harness (not a test: run it with {@code ./mvnw -Pbench verify}). Writes
 * target/bench/results.md. P1: a 1,000-row append through the warm service vs a fresh JVM per run.
 * P2: a 10M-row Parquet file appended through the service vs raw Spark in the same JVM. P3/P4: see
 * {@link MergeBench}. P5: see {@link PullBench}. P6: see {@link MergeCasesBench}. P7: see {@link SmallRunBench}. P8: see
 * {@link MaintenanceBench}. P11: see {@link ThroughputBench}. {@code -Dbench.cases=P3,P4} runs a subset.
 */
@SluiceIntegrationTest
class IngestionBench {

    static final String SCHEMA = "id BIGINT, name STRING, amount DOUBLE, event_date DATE";

    @Autowired
    SluiceClient sluice;

    @Autowired
    SparkSession spark;

    @Autowired
    SluiceProperties properties;

    @Autowired
    MeterRegistry registry;

    @Autowired
    RunScheduler scheduler;

    @Test
    void p1AndP2() throws Exception {
        awaitReady();
        List<String> lines = new ArrayList<>();
        lines.add("| case | Sluice (median) | baseline (median) | ratio | samples |");
        lines.add("|---|---|---|---|---|");
        // whole names: P11 is not P1
        Set<String> cases = Arrays.stream(System.getProperty("bench.cases", "P1,P2,P3,P4,P5,P6,P7,P8,P11").split(","))
                .map(String::trim).collect(Collectors.toSet());
        if (cases.contains("P1")) {
            lines.add(p1(false));
            lines.add(p1(true));
        }
        if (cases.contains("P2")) {
            lines.add(p2());
        }
        if (cases.contains("P3")) {
            lines.addAll(new MergeBench(sluice, spark, properties).p3());
        }
        if (cases.contains("P4")) {
            lines.add(new MergeBench(sluice, spark, properties).p4());
        }
        if (cases.contains("P5")) {
            lines.addAll(new PullBench(sluice).p5());
        }
        if (cases.contains("P6")) {
            lines.addAll(new MergeCasesBench(sluice, spark, properties).p6());
        }
        if (cases.contains("P7")) {
            lines.addAll(new SmallRunBench(sluice, spark, properties, registry).p7());
        }
        if (cases.contains("P8")) {
            lines.addAll(new MaintenanceBench(sluice, spark, properties).p8());
        }
        if (cases.contains("P11")) {
            lines.addAll(new ThroughputBench(sluice, spark, properties, registry, scheduler).p11());
        }
        String header = "Measured %s on %d cores, Java %s, %s.%n%n".formatted(OffsetDateTime.now().withNano(0),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("os.name"));
        Path out = Files.createDirectories(Path.of("target", "bench")).resolve("results.md");
        Files.writeString(out, header + String.join("\n", lines) + "\n");
        System.out.println("\n" + Files.readString(out));
    }

    /** P1: POST → SUCCEEDED for 1,000 rows vs a new JVM that builds a SparkSession, writes the same rows and exits. */
    private String p1(boolean partitioned) throws Exception {
        StringBuilder rows = new StringBuilder();
        List<String> jsonLines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String row = "{\"id\": %d, \"name\": \"name-%d\", \"amount\": %d.5, \"event_date\": \"%s\"}"
                    .formatted(i, i, i, LocalDate.of(2024, 8, 1).plusDays(i % 10));
            rows.append(i == 0 ? "" : ",").append(row);
            jsonLines.add(row);
        }
        Path jsonFile = Files.createDirectories(properties.resolve("bench")).resolve("p1-1000.json");
        Files.write(jsonFile, jsonLines);
        String table = "bench.p1_service_" + Bench.shortId();
        String request = """
                {"table": "%s", "strategy": "append", "partitionBy": %s,
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, partitioned ? "[\"event_date\"]" : "[]", SCHEMA, rows);

        List<Double> service = Bench.measure(2, 7, () -> Bench.timeRun(sluice, request));
        Path freshDir = properties.resolve("bench-fresh-jvm");
        String freshTable = "bench.p1_fresh_" + (partitioned ? "partitioned" : "flat");
        List<Double> fresh = Bench.measure(1, 3, () -> timeProcess(freshDir, jsonFile, freshTable, partitioned ? "event_date" : "-"));
        return Bench.row("P1 append 1,000 rows%s: warm service vs fresh JVM per run".formatted(partitioned ? " into 10 partitions" : ""),
                service, fresh, "fresh JVM / service", false);
    }

    /** P2: a 10M-row Parquet file into a new Delta table, through the service vs raw Spark in this JVM. */
    private String p2() throws Exception {
        Path parquet = properties.resolve("inbox").resolve("p2-10m.parquet");
        if (!Files.exists(parquet.resolve("_SUCCESS"))) {
            spark.range(10_000_000).selectExpr("id", "concat('name-', id) AS name", "CAST(id % 1000 AS DOUBLE) * 1.5 AS amount",
                    "date_add(DATE'2024-01-01', CAST(id % 365 AS INT)) AS event_date", "timestamp_seconds(1700000000 + id) AS ts")
                    .write().mode("overwrite").parquet(parquet.toString());
        }
        Supplier<Double> throughService = () -> Bench.timeRun(sluice, """
                {"table": "bench.p2_service_%s", "strategy": "append", "source": {"type": "files", "format": "parquet", "path": "%s"}}"""
                .formatted(Bench.shortId(), parquet));
        Supplier<Double> rawSpark = () -> Bench.time(() -> spark.newSession().read().parquet(parquet.toString()).write().format("delta")
                .mode("append").saveAsTable("bench.p2_raw_" + Bench.shortId()));
        Bench.Paired paired = Bench.alternating(5, () -> {
            System.gc();
            return throughService.get();
        }, () -> {
            System.gc();
            return rawSpark.get();
        });
        List<Double> service = paired.subject();
        List<Double> raw = paired.baseline();
        return Bench.row("P2 append 10M-row Parquet: service vs raw Spark, same JVM", service, raw, "service / raw", true);
    }

    private double timeProcess(Path dataDir, Path jsonFile, String table, String partitionColumn) {
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(List.of(System.getProperty("bench.jvm.flags").trim().split("\\s+")));
            command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    FreshJvmAppend.class.getName(), dataDir.toString(), jsonFile.toString(), SCHEMA, table, partitionColumn));
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(properties.resolve("bench/fresh-jvm.log").toFile())).start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(process.exitValue()).as("fresh JVM exit code; see bench/fresh-jvm.log").isZero();
            return (System.nanoTime() - start) / 1e9;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitReady() {
        while (sluice.get("/actuator/health/readiness").getStatusCode().value() != 200) {
            SluiceClient.sleep(200);
        }
    }
}
