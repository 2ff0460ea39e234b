package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;

import io.delta.tables.DeltaTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.SluiceProperties;
import io.sluice.support.SluiceClient;

/**
 * P7: what a small run costs through the service over the same write on its own warm SparkSession, in this JVM. A
 * 1,000-row append, and a 1,000-row merge whose keys match 10% of the target's, into fresh copies of one 1,000-row
 * Delta table of 10 partitions: POST → SUCCEEDED (the long poll) against the raw {@code writeTo(...).append()} and
 * {@code DeltaTable.merge} on the keys, of the same rows as a one-partition DataFrame. Warm-up pairs, then
 * {@code bench.p7.pairs} alternating pairs. Then the service's runs phase by phase ({@link PhaseTotals}).
 */
final class SmallRunBench {

    private final SluiceClient sluice;
    private final SparkSession spark;
    private final SluiceProperties properties;
    private final MeterRegistry registry;
    private final int pairs = Integer.getInteger("bench.p7.pairs", 7);

    SmallRunBench(SluiceClient sluice, SparkSession spark, SluiceProperties properties, MeterRegistry registry) {
        this.sluice = sluice;
        this.spark = spark;
        this.properties = properties;
        this.registry = registry;
    }

    List<String> p7() {
        String base = "bench.p7_base_" + Bench.shortId();
        Bench.timeRun(sluice, request(base, "append", Bench.rows(0, 1000)));
        Path location = Bench.location(sluice, base);
        List<String> rows = new ArrayList<>();
        // 1,000 new keys; then 100 of the target's keys (900-999) and 900 new ones
        rows.addAll(compare("append 1,000 rows", location, 2000, table -> request(table, "append", Bench.rows(1000, 1000)),
                table -> Bench.append(Bench.frame(spark, 1000, 1000), table)));
        rows.addAll(compare("merge 1,000 rows, 10% matching", location, 1900, table -> request(table, "merge", Bench.rows(900, 1000)),
                table -> DeltaTable.forName(spark, table).as("t").merge(Bench.frame(spark, 900, 1000).as("s"), "t.id = s.id")
                        .whenMatched().updateAll().whenNotMatched().insertAll().execute()));
        return rows;
    }

    private List<String> compare(String name, Path base, long rowsAfter, Function<String, String> request, Consumer<String> raw) {
        List<PhaseTotals> phases = new ArrayList<>();
        Supplier<Double> service = () -> onCopy(base, rowsAfter, table -> {
            PhaseTotals before = PhaseTotals.read(registry);
            double seconds = Bench.timeRun(sluice, request.apply(table));
            phases.add(PhaseTotals.after(registry, before, 1).minus(before));
            return seconds;
        });
        Supplier<Double> direct = () -> onCopy(base, rowsAfter, table -> Bench.time(() -> raw.accept(table)));
        for (int i = 0; i < 2; i++) { // code generation and the log's caches for this shape, on both sides
            service.get();
            direct.get();
        }
        phases.clear();
        Bench.Paired paired = Bench.alternating(pairs, service, direct);
        List<PhaseTotals> measured = phases.subList(1, phases.size()); // the first is the discarded pair's
        String shape = "P7 %s into a 1,000-row Delta table of 10 partitions".formatted(name);
        return List.of(
                Bench.row(shape + ": service vs the same write on its session", paired.subject(), paired.baseline(), "service / raw", true),
                "| %s: the service's run by phase, medians in ms | %s | | | |".formatted(shape,
                        PhaseTotals.medians(measured, paired.subject())));
    }

    /** A sample on a fresh copy of the base table, checked and dropped after (its files stay in the bench folder). */
    private double onCopy(Path base, long rowsAfter, Function<String, Double> sample) {
        String table = Bench.copy(spark, properties, base, "p7_copy");
        double seconds = sample.apply(table);
        assertThat(spark.table(table).count()).as(table).isEqualTo(rowsAfter);
        spark.sql("DROP TABLE " + table);
        return seconds;
    }

    private static String request(String table, String strategy, String rows) {
        return """
                {"table": "%s", "strategy": "%s", "partitionBy": ["event_date"]%s,
                 "source": {"type": "inline", "schema": "%s", "rows": [%s]}}"""
                .formatted(table, strategy, strategy.equals("merge") ? ", \"keys\": [\"id\"]" : "", IngestionBench.SCHEMA, rows);
    }
}
