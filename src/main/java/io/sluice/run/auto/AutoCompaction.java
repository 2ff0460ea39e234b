package io.sluice.run.auto;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.sluice.format.Formats;
import io.sluice.format.PartitionFiles;
import io.sluice.format.TableCatalog;
import io.sluice.run.Run;
import io.sluice.run.RunEnded;
import io.sluice.run.RunKind;
import io.sluice.run.RunStatus;
import io.sluice.run.api.RunService;
import io.sluice.run.execution.RunScheduler;
import io.sluice.run.ledger.RunLedger;
import io.sluice.run.maintenance.MaintenancePolicies;
import io.sluice.run.maintenance.MaintenancePolicy;
import io.sluice.table.TableName;
import io.sluice.table.TableState;

/**
 * What follows a run, off its thread: the table's file gauges, and, after a write whose table's policy has auto-compaction
 * on, a compaction queued in the table's lane when a partition the write touched holds at least {@code minFiles} small
 * files. One thread does it for all tables; runs that end while it is busy are taken together, one listing per table.
 * Whatever fails here is logged: the run has ended, and its table is as it left it.
 */
@Component
class AutoCompaction implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AutoCompaction.class);
    private static final Set<RunKind> WRITES = EnumSet.of(RunKind.APPEND, RunKind.DROP_PARTITION, RunKind.DYNAMIC_OVERWRITE, RunKind.MERGE,
            RunKind.APPLY_CHANGES);
    private static final int REMEMBERED = 1000;

    private final RunLedger ledger;
    private final RunScheduler scheduler;
    private final RunService runs;
    private final MaintenancePolicies policies;
    private final TableCatalog catalog;
    private final Formats formats;
    private final TableFileGauges gauges;
    private final SparkSession spark;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
        Thread thread = new Thread(task, "sluice-maintenance");
        thread.setDaemon(true);
        return thread;
    });
    /** Runs that ended and wait for the worker (guarded by this). */
    private final Set<UUID> ended = new LinkedHashSet<>();
    private boolean drainQueued;
    /** The last runs checked, for {@link #awaitChecked} (guarded by this). */
    private final Set<UUID> checked = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    AutoCompaction(RunLedger ledger, RunScheduler scheduler, RunService runs, MaintenancePolicies policies, TableCatalog catalog,
            Formats formats, TableFileGauges gauges, SparkSession spark) {
        this.ledger = ledger;
        this.scheduler = scheduler;
        this.runs = runs;
        this.policies = policies;
        this.catalog = catalog;
        this.formats = formats;
        this.gauges = gauges;
        this.spark = spark;
        // started now, on a thread without a run: Spark's local properties (a run's job group) pass to the threads a thread starts
        worker.prestartCoreThread();
    }

    /** On the run's thread: only hands the run to the worker. */
    @EventListener
    void ended(RunEnded event) {
        synchronized (this) {
            ended.add(event.runId());
            if (drainQueued) {
                return;
            }
            drainQueued = true;
        }
        try {
            worker.execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("Not checking run {}: the service is shutting down", event.runId());
        }
    }

    private void drain() {
        List<UUID> ids;
        synchronized (this) {
            ids = List.copyOf(ended);
            ended.clear();
            drainQueued = false;
        }
        try {
            Map<String, List<Run>> succeeded = new LinkedHashMap<>();
            for (UUID id : ids) {
                ledger.find(id).filter(run -> run.status() == RunStatus.SUCCEEDED)
                        .ifPresent(run -> succeeded.computeIfAbsent(run.table(), table -> new ArrayList<>()).add(run));
            }
            succeeded.forEach((table, tableRuns) -> {
                try {
                    check(TableName.parse("table", table), tableRuns);
                } catch (RuntimeException e) {
                    log.warn("The maintenance check of table {} after run {} failed: {}", table, tableRuns.get(tableRuns.size() - 1).id(),
                            e.toString(), e);
                }
            });
        } catch (RuntimeException e) {
            log.warn("The maintenance check after runs {} failed: {}", ids, e.toString(), e);
        } finally {
            synchronized (this) {
                checked.addAll(ids);
                notifyAll();
            }
        }
    }

    /** One listing of the table's files: its gauges, and whether the partitions its writes touched call for a compaction. */
    private void check(TableName table, List<Run> ended) {
        SparkSession session = spark.newSession();
        Optional<TableState> state = catalog.state(session, table);
        if (state.isEmpty()) {
            return; // dropped since
        }
        MaintenancePolicy policy = policies.effective(table.toString());
        List<PartitionFiles> files = formats.of(state.get()).dataFiles(session, state.get(), policy.targetFileSize());
        gauges.set(table.toString(), files.stream().mapToLong(PartitionFiles::files).sum(),
                files.stream().mapToLong(PartitionFiles::smallFiles).sum());
        List<Run> writes = ended.stream().filter(run -> WRITES.contains(run.strategy())).toList();
        if (writes.isEmpty() || !policy.autoCompact()) {
            return;
        }
        List<PartitionFiles> due = files.stream().filter(touched(writes)).filter(p -> p.smallFiles() >= policy.minFiles()).toList();
        if (due.isEmpty() || scheduler.holds(table, RunKind.COMPACT)) {
            return;
        }
        UUID after = writes.get(writes.size() - 1).id();
        Run compaction = runs.maintainAutomatically(table, state.get(), policy.compaction(after));
        log.info("Compaction {} queued for {} after run {}: {} partition(s) with at least {} small files", compaction.id(), table, after,
                due.size(), policy.minFiles());
    }

    /**
     * The partitions the writes touched: those an overwrite replaced, as it recorded them; an append's or a merge's commit
     * does not name its partitions, so then all of them (and all of a table without partitions).
     */
    static Predicate<PartitionFiles> touched(List<Run> writes) {
        Set<Map<String, String>> replaced = new LinkedHashSet<>();
        for (Run write : writes) {
            if (write.metrics().partitionsReplaced() == null || write.metrics().partitionsReplaced().isEmpty()) {
                return partition -> true;
            }
            replaced.addAll(write.metrics().partitionsReplaced());
        }
        return partition -> replaced.contains(partition.partition());
    }

    /** Waits until the run's end has been checked, or the time is up; answers whether it has. For tests, which wait on no clock. */
    synchronized boolean awaitChecked(UUID run, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!checked.contains(run)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
