package io.sluice.run.execution;

import java.time.Instant;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.StructType;
import org.springframework.stereotype.Component;

import io.sluice.expectation.ExpectationReport;
import io.sluice.expectation.Expectations;
import io.sluice.expectation.Expectations.Malformed;
import io.sluice.expectation.Quarantine;
import io.sluice.run.RunPlan;
import io.sluice.run.ledger.RunLedger;
import io.sluice.source.FilesSource;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.write.Checkpoint;
import io.sluice.write.FaultStep;

/**
 * A run's expectations and malformed records: the rows the rules keep, what they counted, and the quarantine commit made
 * before the table's (and taken back if the table's does not follow; a restart does the same for a run a crash cut short).
 */
@Component
class RunExpectations {

    private final Quarantine quarantine;
    private final RunLedger ledger;

    RunExpectations(Quarantine quarantine, RunLedger ledger) {
        this.quarantine = quarantine;
        this.ledger = ledger;
    }

    /** What the rules did to a run's rows: those to write, those to quarantine (null: none), the counts, and the stage to free. */
    record Applied(Dataset<Row> kept, StructType columns, Dataset<Row> quarantined, Dataset<Row> malformed, ExpectationReport report,
            Dataset<Row> staged) {

        static final Applied NONE = new Applied(null, null, null, null, null, null);

        boolean quarantines() {
            return report != null && report.rowsQuarantined() > 0;
        }

        void release() {
            Expectations.release(staged);
        }
    }

    /** Whether the run reads malformed records aside; its read must then be staged before {@link #malformed}. */
    static boolean readsBadRecords(RunPlan plan) {
        return plan.source() instanceof FilesSource files && files.quarantinesBadRecords();
    }

    /** The malformed records of a staged read set aside; null when the run does not quarantine them. */
    static Malformed malformed(RunPlan plan, Dataset<Row> read) {
        return readsBadRecords(plan) ? Malformed.split(read) : null;
    }

    /** Checks the rows (aligned, beyond the watermark) against the plan's rules; throws when a fail rule fires. */
    Applied apply(RunPlan plan, SparkSession session, Dataset<Row> rows, Malformed malformed) {
        if (plan.expectations().isEmpty() && malformed == null) {
            return Applied.NONE;
        }
        String table = plan.expectations().quarantineTable();
        Dataset<Row> bad = malformed == null ? null : malformed.malformed();
        long malformedCount = malformed == null ? 0 : malformed.count();
        if (plan.expectations().isEmpty()) {
            return new Applied(rows, rows.schema(), null, malformedCount > 0 ? bad : null,
                    new ExpectationReport(table, 0, malformedCount, malformedCount, List.of()), null);
        }
        // checked again now: a source whose columns were unknown at submit, or a table that changed since
        Expectations.analyse(session, rows.schema(), plan.expectations().expectations(), "expectations");
        Expectations.Checked checked = Expectations.check(rows, plan.expectations(), table, malformedCount, false);
        return new Applied(checked.kept(), rows.schema(), checked.quarantined(), malformedCount > 0 ? bad : null, checked.report(),
                checked.staged());
    }

    /**
     * Commits the run's quarantined rows, before the table's commit: the ledger names the quarantine table first (a restart
     * reads it there), and what an attempt this run retries left there is taken out first.
     */
    void quarantine(RunPlan plan, SparkSession session, TableFormat format, Instant at, Applied applied, Checkpoint checkpoint)
            throws NoSuchTableException {
        if (!applied.quarantines()) {
            return;
        }
        TableName table = TableName.parse("quarantineTable", applied.report().quarantineTable());
        ledger.quarantining(plan.id(), table.toString());
        if (plan.retryOf() != null) {
            quarantine.remove(session, table, plan.retryOf());
        }
        Dataset<Row> rows = applied.quarantined() != null ? applied.quarantined()
                : session.createDataFrame(List.of(), applied.columns()).selectExpr("CAST(NULL AS STRING) AS " + Quarantine.RULE, "*");
        quarantine.write(session, table, format, plan.id(), at, applied.columns(), rows, applied.malformed());
        checkpoint.reached(FaultStep.QUARANTINED);
    }

    /** The table's commit did not happen: the run's quarantined rows go too. */
    void undo(RunPlan plan, SparkSession session, Applied applied) {
        if (applied.quarantines()) {
            quarantine.remove(session, TableName.parse("quarantineTable", applied.report().quarantineTable()), plan.id());
        }
    }

    /** At start-up, for a run a crash cut short before its table's commit: takes out what it quarantined, if anything. */
    void undo(SparkSession session, java.util.UUID runId) {
        ledger.quarantineTable(runId).ifPresent(table -> quarantine.remove(session, TableName.parse("quarantineTable", table), runId));
    }
}
