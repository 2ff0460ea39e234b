package io.sluice.run.execution;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.sluice.cluster.LeasedRuns;
import io.sluice.format.TableCatalog;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.format.Formats;
import io.sluice.run.RunStatus;
import io.sluice.run.RunQuery;
import io.sluice.run.RunOutcome;
import io.sluice.run.ledger.RunLedger;
import io.sluice.run.RunError;
import io.sluice.run.Run;
import io.sluice.run.ErrorCode;

/**
 * At start-up, before any run is admitted, the ledger is reconciled with the tables. A run a previous
 * process left RUNNING whose commit is in its table (as its format finds it) is SUCCEEDED with that
 * commit's metrics; any other is FAILED with error code INTERRUPTED, and what it left beside the table
 * is removed, rows it quarantined too. Queued runs never started:
 * INTERRUPTED too. Either kind may be retried with its idempotency key.
 * <p>
 * With several replicas ({@code sluice.cluster.enabled}) another replica may be running a RUNNING run, and the queue is
 * the ledger ({@link LedgerQueue}): at start-up only the RUNNING runs of tables whose lease is free are settled, holding it,
 * and a replica that takes a table's lease settles what the table's last holder left RUNNING ({@link #settle}) before its
 * own run starts. Queued runs stay QUEUED, for any replica to take.
 */
@Component
class RunRecovery implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);
    private static final int BATCH = 500;

    private final RunLedger ledger;
    private final EarlierAttempts attempts;
    private final TableCatalog catalog;
    private final Formats formats;
    private final SparkSession spark;
    private final RunExpectations expectations;
    private final ObjectProvider<LeasedRuns> cluster;

    RunRecovery(RunLedger ledger, EarlierAttempts attempts, TableCatalog catalog, Formats formats, SparkSession spark,
            RunExpectations expectations, ObjectProvider<LeasedRuns> cluster) {
        this.expectations = expectations;
        this.cluster = cluster;
        this.ledger = ledger;
        this.attempts = attempts;
        this.catalog = catalog;
        this.formats = formats;
        this.spark = spark;
    }

    @Override
    public void afterPropertiesSet() {
        LeasedRuns leases = cluster.getIfAvailable();
        if (leases != null) {
            for (Run run : ledger.list(new RunQuery(null, RunStatus.RUNNING, 0, BATCH)).items()) {
                leases.runIfFree(run.table(), () -> reconcile(run));
            }
            return;
        }
        for (Run run : ledger.list(new RunQuery(null, RunStatus.RUNNING, 0, BATCH)).items()) {
            reconcile(run);
        }
        int interrupted = ledger.failAllActive(RunError.of(ErrorCode.INTERRUPTED,
                "the service stopped before this run finished; the table is at its last committed version. Submit the run again"));
        if (interrupted > 0) {
            log.warn("Marked {} run(s) of a previous process as FAILED/INTERRUPTED", interrupted);
        }
    }

    /** Recovery by lease: called holding the table's lease, before a run on it starts. Every RUNNING run of it is stale. */
    void settle(TableName table) {
        for (Run run : ledger.list(new RunQuery(table.toString(), RunStatus.RUNNING, 0, BATCH)).items()) {
            log.warn("Run {} on {} was left RUNNING by a replica that lost the table's lease: settling it", run.id(), run.table());
            reconcile(run);
        }
    }

    void reconcile(Run run) {
        try {
            SparkSession session = spark.newSession();
            Optional<TableState> table = catalog.state(session, TableName.parse("table", run.table()));
            Optional<RunOutcome> committed = table.flatMap(t -> attempts.committedBy(run.id(), session, t));
            if (committed.isEmpty()) {
                table.ifPresent(t -> formats.of(t).abandon(session, t, run.id()));
                expectations.undo(session, run.id()); // its quarantine committed, its table did not: the quarantine goes too
            }
            table.ifPresent(t -> formats.of(t).settled(session, t));
            if (committed.isPresent()) {
                ledger.transition(run.id(), RunStatus.RUNNING, RunStatus.SUCCEEDED, committed.get());
                log.warn("Run {} on {} committed before the service stopped: marked SUCCEEDED", run.id(), run.table());
                return;
            }
        } catch (RuntimeException e) {
            log.warn("Could not reconcile run {} on {} with its table; marking it INTERRUPTED", run.id(), run.table(), e);
        }
        ledger.transition(run.id(), RunStatus.RUNNING, RunStatus.FAILED, RunOutcome.failed(null, RunError.of(ErrorCode.INTERRUPTED,
                "the service stopped during this run, before its commit; the table is as it was. Submit the run again")));
    }
}
