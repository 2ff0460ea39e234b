package io.sluice.run.execution;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.run.Run;
import io.sluice.run.RunKind;
import io.sluice.run.RunStatus;
import io.sluice.run.ledger.RunLedger;
import io.sluice.write.RunMetrics;

/**
 * {@code sluice_table_last_success_timestamp_seconds{table}}: when new data last landed in a table, for freshness alerts.
 * It moves when a write run (append, drop_partition, dynamic_overwrite, merge) that changed rows SUCCEEDED, to the
 * ledger's finish time. Compaction and vacuum change files, not data, and a restore brings older data back: neither makes
 * a table fresher. A run that found nothing new (zero rows) leaves it where it was, so a loader that keeps succeeding on
 * an idle source still trips the alert. Seeded from the ledger at start-up, once {@link RunRecovery} has settled the
 * previous process's runs, so that a restart does not reset it ({@link RunLedger#lastDataChanges} is the same rule in SQL).
 */
@Component
class TableFreshness implements InitializingBean {

    private final MeterRegistry registry;
    private final RunLedger ledger;
    private final Map<String, Double> lastSuccess = new ConcurrentHashMap<>();

    TableFreshness(MeterRegistry registry, RunLedger ledger, RunRecovery settledFirst) {
        this.registry = registry;
        this.ledger = ledger;
    }

    @Override
    public void afterPropertiesSet() {
        ledger.lastDataChanges().forEach(this::landed);
    }

    /** A run's SUCCEEDED status is in the ledger: if it brought new data, the table is fresh as of its finish there. */
    void succeeded(UUID runId) {
        ledger.find(runId).filter(TableFreshness::isNewData).ifPresent(run -> landed(run.table(), run.finishedAt()));
    }

    static boolean isNewData(Run run) {
        RunMetrics rows = run.metrics();
        return run.status() == RunStatus.SUCCEEDED && run.strategy() != RunKind.RESTORE && !run.strategy().isMaintenance()
                && (rows.rowsOutput() == null || rows.rowsOutput() > 0 || positive(rows.rowsUpdated()) || positive(rows.rowsDeleted()));
    }

    private void landed(String table, OffsetDateTime finished) {
        double seconds = finished.toEpochSecond() + finished.getNano() / 1e9;
        if (lastSuccess.putIfAbsent(table, seconds) == null) {
            Gauge.builder("sluice.table.last.success.timestamp", lastSuccess, values -> values.getOrDefault(table, Double.NaN))
                    .description("When the last write run that changed rows of the table succeeded (Unix time)")
                    .baseUnit("seconds").tag("table", table).register(registry);
        } else {
            lastSuccess.merge(table, seconds, Math::max);
        }
    }

    private static boolean positive(Long count) {
        return count != null && count > 0;
    }
}
