package io.sluice.run;

import java.util.Optional;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import io.sluice.strategy.ParquetCommits;
import io.sluice.table.SymlinkManifest;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;

/**
 * At start-up, before any run is admitted, the ledger is reconciled with the tables. A run a previous
 * process left RUNNING whose commit is in its table (found by run id in Delta's userMetadata, or by its
 * swapped-in Parquet stage) is SUCCEEDED with that commit's metrics; any other is FAILED with error
 * code INTERRUPTED, and what it staged for a Parquet table is removed. Queued runs never started:
 * INTERRUPTED too. Either kind may be retried with its idempotency key.
 */
@Component
class RunRecovery implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);
    private static final int BATCH = 500;

    private final RunLedger ledger;
    private final EarlierAttempts attempts;
    private final TableCatalog catalog;
    private final SparkSession spark;

    RunRecovery(RunLedger ledger, EarlierAttempts attempts, TableCatalog catalog, SparkSession spark) {
        this.ledger = ledger;
        this.attempts = attempts;
        this.catalog = catalog;
        this.spark = spark;
    }

    @Override
    public void afterPropertiesSet() {
        for (Run run : ledger.list(new RunQuery(null, RunStatus.RUNNING, 0, BATCH)).items()) {
            reconcile(run);
        }
        int interrupted = ledger.failAllActive(RunError.of(ErrorCode.INTERRUPTED,
                "the service stopped before this run finished; the table is at its last committed version. Submit the run again"));
        if (interrupted > 0) {
            log.warn("Marked {} run(s) of a previous process as FAILED/INTERRUPTED", interrupted);
        }
    }

    private void reconcile(Run run) {
        try {
            SparkSession session = spark.newSession();
            Optional<TableState> table = catalog.state(session, TableName.parse("table", run.table()));
            Optional<RunOutcome> committed = table.flatMap(t -> attempts.committedBy(run.id(), session, t));
            Optional<TableState> parquet = table.filter(t -> t.format() == TableFormat.PARQUET);
            if (committed.isEmpty()) {
                parquet.ifPresent(t -> ParquetCommits.discard(session, t, run.id()));
            }
            parquet.ifPresent(t -> publish(session, t));
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

    /** The run may have changed the table's files (a commit, a rollback) and died before its manifests followed. */
    private static void publish(SparkSession session, TableState table) {
        try {
            SymlinkManifest.rewrite(session, table.name().identifier());
        } catch (RuntimeException e) { // the ledger's truth does not depend on it
            log.error("Could not rewrite the symlink manifests of {}: path readers may see an earlier version of partitions that later "
                    + "runs do not touch, until a restore rewrites them all", table.name(), e);
        }
    }
}
