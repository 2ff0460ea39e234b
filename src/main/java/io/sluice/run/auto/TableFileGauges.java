package io.sluice.run.auto;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code sluice_table_files{table}} and {@code sluice_table_small_files{table}}: a table's data files, and those under its
 * policy's target file size, as they were after its last run. Registered once per table, at its first run's end; a table
 * dropped since keeps its last values until the service restarts.
 */
@Component
class TableFileGauges {

    private record Counts(AtomicLong files, AtomicLong small) {
    }

    private final MeterRegistry registry;
    /** Strong references: a gauge holds its state weakly. */
    private final Map<String, Counts> tables = new ConcurrentHashMap<>();

    TableFileGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    void set(String table, long files, long small) {
        Counts counts = tables.computeIfAbsent(table, name -> {
            Counts created = new Counts(new AtomicLong(), new AtomicLong());
            Gauge.builder("sluice.table.files", created.files(), AtomicLong::get).description("The table's data files, after its last run")
                    .tag("table", name).register(registry);
            Gauge.builder("sluice.table.small.files", created.small(), AtomicLong::get)
                    .description("The table's data files under its target file size, after its last run").tag("table", name).register(registry);
            return created;
        });
        counts.files().set(files);
        counts.small().set(small);
    }
}
