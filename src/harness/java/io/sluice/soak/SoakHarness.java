package io.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.sluice.support.ServiceProcess;
import tools.jackson.databind.JsonNode;

/**
 * {@code scripts/soak N}: N small runs in a row (default 1,000: mixed strategies and formats on four
 * tables) against the built jar, and what the long-lived JVM holds at the start and every 100 runs:
 * the live heap (a class histogram's total, after the full GC it forces), live threads, open file
 * descriptors, Hive's scratch folders, the SQL executions and jobs Spark's status store retains, and
 * the SparkSessions and DeltaLogs alive. Writes target/soak/results.md. Not part of the build.
 */
class SoakHarness {

    record Sample(int runs, double seconds, long heapMb, long threads, long fds, long hiveScratch, long sqlExecutions, long jobs,
            long sessions, long deltaLogs) {
        String row() {
            return String.format(Locale.ROOT, "| %d | %.0f s | %d MB | %d | %d | %d | %d | %d | %d | %d |", runs, seconds, heapMb, threads, fds,
                    hiveScratch, sqlExecutions, jobs, sessions, deltaLogs);
        }
    }

    @Test
    void runsInARow() throws Exception {
        int total = Integer.getInteger("soak.runs", 1000);
        Path dir = Files.createDirectories(Path.of(System.getProperty("sluice.it.dir"), "soak-" + System.currentTimeMillis()));
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        try (ServiceProcess service = new ServiceProcess(dir.resolve("data"), dir.resolve("service.log")).start()
                .awaitReady(Duration.ofMinutes(3))) {
            samples.add(sample(service, 0, start));
            for (int i = 1; i <= total; i++) {
                JsonNode run = service.awaitEnd(service.json("POST", "/api/v1/runs", request(i)).get("id").asString(), Duration.ofMinutes(5));
                assertThat(run.get("status").asString()).as("run %d: %s", i, run).isEqualTo("SUCCEEDED");
                if (i % 100 == 0) {
                    samples.add(sample(service, i, start));
                    System.out.println(samples.get(samples.size() - 1).row());
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("Soak of %d runs, %s, %d cores, Java %s.".formatted(total, OffsetDateTime.now().withNano(0),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        lines.add("");
        lines.add("| runs | elapsed | live heap | live threads | open fds | Hive scratch dirs | SQL executions retained | jobs retained"
                + " | SparkSessions | DeltaLogs |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|");
        samples.forEach(s -> lines.add(s.row()));
        Path out = Files.createDirectories(Path.of("target", "soak")).resolve("results.md");
        Files.write(out, lines);
        System.out.println(String.join("\n", lines));
        // Flat: the median of the last three samples within 10% of the median of the three after warm-up (runs 200-400);
        // one sample alone moves with what the pools and caches hold at that instant.
        List<Sample> warm = samples.subList(Math.min(2, samples.size() - 1), Math.min(5, samples.size()));
        List<Sample> end = samples.subList(Math.max(0, samples.size() - 3), samples.size());
        assertThat(median(end, Sample::heapMb)).as("live heap").isLessThanOrEqualTo(median(warm, Sample::heapMb) * 11 / 10 + 16);
        assertThat(median(end, Sample::threads)).as("live threads").isLessThanOrEqualTo(median(warm, Sample::threads) * 11 / 10);
        assertThat(median(end, Sample::fds)).as("open file descriptors").isLessThanOrEqualTo(median(warm, Sample::fds) * 11 / 10);
        assertThat(median(end, Sample::sessions)).as("SparkSessions alive").isLessThanOrEqualTo(median(warm, Sample::sessions) * 11 / 10 + 8);
    }

    private static long median(List<Sample> samples, ToLongFunction<Sample> figure) {
        long[] values = samples.stream().mapToLong(figure).sorted().toArray();
        return values[values.length / 2];
    }

    /** Four tables, four strategies, both formats: 20 rows a run over five days. */
    private static String request(int i) {
        String[][] kinds = { { "soak.delta_append", "delta", "append", "" }, { "soak.delta_merge", "delta", "merge", "\"keys\": [\"id\"]," },
                { "soak.parquet_overwrite", "parquet", "dynamic_overwrite", "" }, { "soak.delta_drop", "delta", "drop_partition", "" } };
        String[] kind = kinds[i % kinds.length];
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < 20; r++) {
            // ids repeat across runs (merges update), never within one
            rows.append(r == 0 ? "" : ",").append("{\"id\": %d, \"amount\": %d.5, \"day\": \"2024-01-0%d\"}".formatted((i * 7 + r) % 500,
                    r, 1 + (i + r) % 5));
        }
        return """
                {"table": "%s", "format": "%s", "strategy": "%s", %s "partitionBy": ["day"],
                 "source": {"type": "inline", "schema": "id BIGINT, amount DOUBLE, day DATE", "rows": [%s]}}"""
                .formatted(kind[0], kind[1], kind[2], kind[3], rows);
    }

    /** The class histogram forces a full GC: its total is the live heap, its counts the live sessions and Delta logs. */
    private static Sample sample(ServiceProcess service, int runs, long start) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(service.pid()),
                "GC.class_histogram").redirectErrorStream(true).start();
        List<String> histogram = new String(jcmd.getInputStream().readAllBytes()).lines().toList();
        jcmd.waitFor();
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(service.pid()), "fd"))) {
            fds = open.count();
        }
        long scratch;
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            scratch = tmp.filter(p -> p.getFileName().toString().endsWith("_resources")).count();
        }
        long liveBytes = Long.parseLong(histogram.get(histogram.size() - 1).trim().split("\\s+")[2]);
        return new Sample(runs, (System.nanoTime() - start) / 1e9, liveBytes >> 20, (long) metric(service, "jvm.threads.live"), fds, scratch,
                (long) metric(service, "sluice.spark.sql.executions"), (long) metric(service, "sluice.spark.jobs"),
                instances(histogram, "org.apache.spark.sql.classic.SparkSession"), instances(histogram, "org.apache.spark.sql.delta.DeltaLog"));
    }

    /** A histogram line: "  12:   345   6789  class.Name". */
    private static long instances(List<String> histogram, String className) {
        return histogram.stream().map(line -> line.trim().split("\\s+")).filter(f -> f.length >= 4 && f[3].equals(className))
                .mapToLong(f -> Long.parseLong(f[1])).sum();
    }

    private static double metric(ServiceProcess service, String name) throws Exception {
        return service.json("GET", "/actuator/metrics/" + name, null).get("measurements").get(0).get("value").asDouble();
    }
}
