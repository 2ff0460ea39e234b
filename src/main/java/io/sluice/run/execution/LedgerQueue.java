package io.sluice.run.execution;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.cluster.ClusterProperties;
import io.sluice.cluster.LeasedRuns;
import io.sluice.cluster.TableLeases.Lease;
import io.sluice.format.TableCatalog;
import io.sluice.problem.EngineAvailability;
import io.sluice.problem.EngineUnavailableException;
import io.sluice.run.RunOutcome;
import io.sluice.run.RunPlan;
import io.sluice.run.RunStatus;
import io.sluice.run.ledger.QueuedRuns;
import io.sluice.run.ledger.QueuedRuns.QueuedRun;
import io.sluice.run.ledger.RunLedger;
import io.sluice.table.TableName;

/**
 * With several replicas the queue is the ledger: a submission is recorded QUEUED on any replica, and a replica with a free
 * slot takes a table's lease, then the table's first QUEUED run, which it plans again and runs holding the lease. The lease
 * makes the claim (one conditional UPDATE, no row lock held while the run executes) and keeps each table's runs in
 * submission order across replicas; a replica that dies loses no queued run, and its tables' leases expire. Tables with a
 * RUNNING run and a free lease were left by a replica that died: they are settled as a restart settles them.
 */
public class LedgerQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerQueue.class);
    /** How many waiting tables one pass looks at: those whose runs wait longest. */
    private static final int TABLES_PER_PASS = 50;

    private final QueuedRuns queued;
    private final QueuedPlans plans;
    private final RunScheduler scheduler;
    private final LeasedRuns leases;
    private final RunExecutor executor;
    private final RunRecovery recovery;
    private final RunLedger ledger;
    private final RunCompletions completions;
    private final TableCatalog catalog;
    private final SparkSession spark;
    private final EngineAvailability engine;
    private final ScheduledExecutorService claims = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sluice-ledger-queue");
        thread.setDaemon(true);
        return thread;
    });

    LedgerQueue(QueuedRuns queued, QueuedPlans plans, RunScheduler scheduler, LeasedRuns leases, RunExecutor executor,
            RunRecovery recovery, RunLedger ledger, RunCompletions completions, TableCatalog catalog, SparkSession spark,
            EngineAvailability engine, ClusterProperties cluster) {
        this.queued = queued;
        this.plans = plans;
        this.scheduler = scheduler;
        this.leases = leases;
        this.executor = executor;
        this.recovery = recovery;
        this.ledger = ledger;
        this.completions = completions;
        this.catalog = catalog;
        this.spark = spark;
        this.engine = engine;
        long every = cluster.waitInterval().toMillis();
        claims.scheduleWithFixedDelay(this::pass, every, every, TimeUnit.MILLISECONDS);
    }

    /** A run was queued or ended here: look for work now rather than at the next tick. */
    public void wake() {
        try {
            claims.execute(this::pass);
        } catch (RejectedExecutionException shuttingDown) {
            // a run ended while this replica shuts down: another replica's pass takes the queue
        }
    }

    /** One pass: settle what dead replicas left, then take runs while there are free slots. Never throws: the next tick tries again. */
    private void pass() {
        try {
            if (engine.refusal().isPresent()) {
                return; // the warm-up has not finished or failed: runs wait, QUEUED
            }
            settleAbandoned();
            scheduler.queuedInLedger(queued.count());
            if (scheduler.freeSlots() <= 0) {
                return;
            }
            for (String table : queued.tablesWaiting(TABLES_PER_PASS)) {
                if (scheduler.freeSlots() <= 0) {
                    return;
                }
                TableName name = TableName.parse("table", table);
                if (!scheduler.runsOn(name)) {
                    leases.tryAcquire(table).ifPresent(lease -> take(name, lease));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not read the queue in the ledger; trying again: {}", e.getMessage());
        }
    }

    private void settleAbandoned() {
        for (String table : queued.tablesRunning()) {
            TableName name = TableName.parse("table", table);
            if (!scheduler.runsOn(name)) { // this replica's own lease would be taken again
                leases.runIfFree(table, () -> recovery.settle(name));
            }
        }
    }

    /** Holding the table's lease: starts its first QUEUED run, or gives the lease back. */
    private void take(TableName table, Lease lease) {
        boolean started = false;
        try {
            Optional<QueuedRun> head = queued.head(table.toString());
            if (head.isPresent()) {
                Optional<RunPlan> plan = plan(head.get());
                started = plan.isPresent() && scheduler.start(plan.get(), (run, handOff) -> execute(lease, run, handOff));
            }
        } finally {
            if (!started) {
                leases.giveBack(lease);
            }
        }
    }

    /** The run planned again; empty if it cannot run (it is then FAILED, as a submission with that request would be refused). */
    private Optional<RunPlan> plan(QueuedRun run) {
        try {
            return Optional.of(plans.plan(run));
        } catch (EngineUnavailableException e) {
            return Optional.empty(); // it stays QUEUED
        } catch (RuntimeException e) {
            log.warn("Queued run {} on {} can no longer run as it was submitted: {}", run.id(), run.table(), e.getMessage());
            if (ledger.transition(run.id(), RunStatus.QUEUED, RunStatus.FAILED, RunOutcome.failed(null, RunFailures.classify(e)))) {
                completions.ended(run.id());
            }
            return Optional.empty();
        }
    }

    private void execute(Lease lease, RunPlan plan, Duration handOff) {
        try {
            // a table still to be created is fenced where the create puts it: its first commit carries the token too
            leases.runHolding(lease, () -> Optional.of(catalog.location(spark, plan.table()).toString()), () -> {
                recovery.settle(plan.table());
                executor.execute(plan, handOff);
            });
        } finally {
            wake();
        }
    }

    @Override
    public void close() {
        claims.shutdownNow();
    }
}
