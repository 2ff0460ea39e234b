package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.IntStream;

import org.apache.spark.sql.SparkSession;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.SluiceProperties;
import io.sluice.run.execution.RunScheduler;
import io.sluice.support.SluiceClient;
import io.sluice.write.RunSpans.Phase;

/**
 * P11: throughput of small runs. {@code bench.p11.runs} appends of 100 rows over 8 tables, all submitted at once (a
 * client thread per table, in order), from the first POST to the last run seen SUCCEEDED; against the same appends
 * issued back to back on the service's session in one thread. Once for each {@code sluice.runs.max-concurrent} in
 * {@code bench.p11.concurrency}, each round on fresh copies of one 100-row Delta table with automatic compaction off
 * (the raw side compacts nothing either), alternating which side goes first, after an unmeasured round of each.
 */
final class ThroughputBench {

    static final int TABLES = 8;

    private final SluiceClient sluice;
    private final SparkSession spark;
    private final SluiceProperties properties;
    private final MeterRegistry registry;
    private final RunScheduler scheduler;
    private final int runs = Integer.getInteger("bench.p11.runs", 400);

    ThroughputBench(SluiceClient sluice, SparkSession spark, SluiceProperties properties, MeterRegistry registry, RunScheduler scheduler) {
        this.sluice = sluice;
        this.spark = spark;
        this.properties = properties;
        this.registry = registry;
        this.scheduler = scheduler;
    }

    List<String> p11() {
        String base = "bench.p11_base_" + Bench.shortId();
        Bench.timeRun(sluice, request(base, 0));
        Path location = Bench.location(sluice, base);
        int configured = poolSize();
        List<String> rows = new ArrayList<>();
        service(location, Math.max(TABLES, runs / 10));
        raw(location, Math.max(TABLES, runs / 10));
        int round = 0;
        for (int concurrency : Arrays.stream(System.getProperty("bench.p11.concurrency", "1,2,4").split(",")).mapToInt(Integer::parseInt)
                .toArray()) {
            resize(concurrency);
            PhaseTotals before = PhaseTotals.read(registry);
            double service;
            double raw;
            if (round++ % 2 == 0) {
                service = service(location, runs);
                raw = raw(location, runs);
            } else {
                raw = raw(location, runs);
                service = service(location, runs);
            }
            PhaseTotals phases = PhaseTotals.after(registry, before, runs).minus(before);
            rows.add(String.format(Locale.ROOT, "| P11 %,d appends of 100 rows over %d tables, max-concurrent %d: service vs one thread on its "
                    + "session | %.2f s, %.0f runs/min | %.2f s, %.0f runs/min | service / raw throughput = %.2f | per run: queue %.0f ms, "
                    + "write %.0f ms |", runs, TABLES, concurrency, service, 60 * runs / service, raw, 60 * runs / raw, raw / service,
                    1000 * phases.seconds().get(Phase.QUEUE) / runs, 1000 * phases.seconds().get(Phase.WRITE) / runs));
            System.out.println("P11 row: " + rows.get(rows.size() - 1));
        }
        resize(configured);
        return rows;
    }

    /** All the round's runs submitted at once, a client thread per table; seconds until the last has succeeded. */
    private double service(Path base, int count) {
        List<String> tables = tables(base, true);
        ExecutorService clients = Executors.newFixedThreadPool(TABLES);
        try {
            List<List<String>> requests = IntStream.range(0, TABLES).mapToObj(t -> IntStream.range(0, count).filter(i -> i % TABLES == t)
                    .mapToObj(i -> request(tables.get(t), i + 1)).toList()).toList();
            long start = System.nanoTime();
            List<Future<List<String>>> submitted = requests.stream()
                    .map(table -> clients.submit(() -> table.stream().map(sluice::submit).toList())).toList();
            for (Future<List<String>> ids : submitted) {
                for (String id : ids.get()) {
                    String status = sluice.awaitEnd(id).get("status").asString();
                    assertThat(status).as(id).isEqualTo("SUCCEEDED");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            check(tables, count);
            return seconds;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            clients.shutdownNow();
        }
    }

    /** The same appends back to back on the service's session, in this thread. */
    private double raw(Path base, int count) {
        List<String> tables = tables(base, false);
        double seconds = Bench.time(() -> {
            for (int i = 0; i < count; i++) {
                Bench.append(Bench.frame(spark, (i + 1) * 100L, 100), tables.get(i % TABLES));
            }
        });
        check(tables, count);
        return seconds;
    }

    private List<String> tables(Path base, boolean throughService) {
        List<String> tables = IntStream.range(0, TABLES).mapToObj(t -> Bench.copy(spark, properties, base, "p11_copy")).toList();
        if (throughService) {
            tables.forEach(table -> assertThat(sluice.put("/api/v1/tables/" + table + "/maintenance/policy", "{\"autoCompact\": false}")
                    .getStatusCode().value()).isEqualTo(200));
        }
        return tables;
    }

    /** Every table has its 100 rows and its share of the appends; then it is dropped (its files stay in the bench folder). */
    private void check(List<String> tables, int count) {
        for (int t = 0; t < TABLES; t++) {
            int appends = count / TABLES + (t < count % TABLES ? 1 : 0);
            assertThat(spark.table(tables.get(t)).count()).as(tables.get(t)).isEqualTo(100L * (1 + appends));
            spark.sql("DROP TABLE " + tables.get(t));
        }
    }

    private static String request(String table, int append) {
        return """
                {"table": "%s", "strategy": "append",
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, IngestionBench.SCHEMA, Bench.rows(append * 100L, 100));
    }

    /**
     * {@code sluice.runs.max-concurrent} as it would be at start: the setting sizes the scheduler's pool and nothing else, and
     * a second service in this JVM could not have a SparkSession of its own, so the bench resizes the running one's pool.
     */
    private void resize(int threads) {
        ThreadPoolExecutor pool = pool();
        if (threads > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(threads);
            pool.setCorePoolSize(threads);
        } else {
            pool.setCorePoolSize(threads);
            pool.setMaximumPoolSize(threads);
        }
    }

    private int poolSize() {
        return pool().getMaximumPoolSize();
    }

    private ThreadPoolExecutor pool() {
        try {
            Field pool = RunScheduler.class.getDeclaredField("pool");
            pool.setAccessible(true);
            return (ThreadPoolExecutor) pool.get(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
