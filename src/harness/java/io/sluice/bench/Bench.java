package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

import io.sluice.SluiceProperties;

import io.sluice.support.ServiceProcess;
import io.sluice.support.SluiceClient;
import tools.jackson.databind.JsonNode;

/** Timing and reporting helpers of the bench harness. */
final class Bench {

    private Bench() {
    }

    /** POST to SUCCEEDED, observed with the long poll: one request, no polling load on the 2 cores. */
    static double timeRun(SluiceClient sluice, String request) {
        long start = System.nanoTime();
        JsonNode run = sluice.awaitEnd(sluice.submit(request));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
        return seconds;
    }

    static double time(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1e9;
    }

    /** A result row: medians of both sides and their ratio, first / second or second / first. */
    static String row(String name, List<Double> sluiceTimes, List<Double> baseline, String ratioName, boolean firstOverSecond) {
        double s = median(sluiceTimes);
        double b = median(baseline);
        double ratio = firstOverSecond ? s / b : b / s;
        return String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %s = %.2f | sluice %s; baseline %s |", name, s, b, ratioName, ratio,
                format(sluiceTimes), format(baseline));
    }

    static List<Double> measure(int warmups, int samples, Supplier<Double> sample) {
        for (int i = 0; i < warmups; i++) {
            sample.get();
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            values.add(sample.get());
        }
        return values;
    }

    /** Samples of two things measured side by side. */
    record Paired(List<Double> subject, List<Double> baseline) {
    }

    /**
     * {@code pairs} pairs of samples in alternating order (subject first, then baseline first, …), after one discarded
     * warm-up pair: neither side always runs on a JVM the other has just warmed or a heap the other has just filled.
     */
    static Paired alternating(int pairs, Supplier<Double> subject, Supplier<Double> baseline) {
        List<Double> subjects = new ArrayList<>();
        List<Double> baselines = new ArrayList<>();
        for (int i = -1; i < pairs; i++) {
            boolean subjectFirst = i % 2 != 0;
            double first = (subjectFirst ? subject : baseline).get();
            double second = (subjectFirst ? baseline : subject).get();
            if (i >= 0) {
                subjects.add(subjectFirst ? first : second);
                baselines.add(subjectFirst ? second : first);
            }
        }
        return new Paired(subjects, baselines);
    }

    static String format(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** P1's 1,000 rows (10 dates) as the inline source's JSON array body, without the brackets. */
    static String p1Rows() {
        return rows(0, 1000);
    }

    /** {@code count} rows of P1's columns from id {@code first} on, the dates in turn, as an inline source's array body. */
    static String rows(long first, int count) {
        StringBuilder rows = new StringBuilder();
        for (long id = first; id < first + count; id++) {
            rows.append(id == first ? "" : ",").append("{\"id\": %d, \"name\": \"name-%d\", \"amount\": %d.5, \"event_date\": \"%s\"}"
                    .formatted(id, id, id, LocalDate.of(2024, 8, 1).plusDays(id % 10)));
        }
        return rows.toString();
    }

    /** The same rows as {@link #rows} as a DataFrame in one partition, as the inline source reads them. */
    static Dataset<Row> frame(SparkSession spark, long first, int count) {
        return spark.range(first, first + count, 1, 1).selectExpr("id", "concat('name-', id) AS name", "CAST(id AS DOUBLE) + 0.5 AS amount",
                "date_add(DATE'2024-08-01', CAST(id % 10 AS INT)) AS event_date");
    }

    /** The raw append: {@code writeTo(table).append()}. */
    static void append(Dataset<Row> rows, String table) {
        try {
            rows.writeTo(table).append();
        } catch (NoSuchTableException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh copy of a Delta table as a catalog table: the log copied, the data files linked (Delta never rewrites a file). */
    static String copy(SparkSession spark, SluiceProperties properties, Path base, String prefix) {
        String table = "bench." + prefix + "_" + shortId();
        Path target = properties.resolve("bench").resolve("copies").resolve(table.substring("bench.".length()));
        try (Stream<Path> files = Files.walk(base)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(base.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else if (file.getParent().getFileName().toString().equals("_delta_log")) {
                    Files.copy(file, to);
                } else {
                    Files.createLink(to, file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        spark.sql("CREATE DATABASE IF NOT EXISTS bench");
        spark.sql("CREATE TABLE %s USING DELTA LOCATION '%s'".formatted(table, target));
        return table;
    }

    /** A table's location as the service reports it, as a local path. */
    static Path location(SluiceClient sluice, String table) {
        return localPath(sluice.table(table).get("location").asString());
    }

    static Path localPath(String location) {
        return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    }

    /** POST → SUCCEEDED through a started jar, in seconds. */
    static double timeRun(ServiceProcess service, String request) {
        try {
            long start = System.nanoTime();
            JsonNode run = service.awaitEnd(service.json("POST", "/api/v1/runs", request).get("id").asString(), Duration.ofMinutes(3));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(run.get("status").asString()).as("%s", run).isEqualTo("SUCCEEDED");
            return seconds;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

}
