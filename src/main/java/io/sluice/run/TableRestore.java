package io.sluice.run;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.springframework.stereotype.Component;

import io.sluice.api.ConflictException;
import io.sluice.api.InvalidRequestException;
import io.sluice.api.NotFoundException;
import io.sluice.strategy.ParquetCommits;
import io.sluice.table.CommitInfo;
import io.sluice.table.DeltaCommits;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableState;
import io.sluice.watermark.WatermarkAdvance;

/**
 * Restores and rollbacks, each a recorded run. Delta: RESTORE to a version (a timestamp resolves to
 * the version current then; a rollback to the version before the run). Parquet: a rollback swaps
 * back to the locations the run's swap replaced. A rollback undoes only the table's latest change,
 * and rewinds the run's watermark with it.
 */
@Component
class TableRestore {

    private final TableCatalog catalog;
    private final RunLedger ledger;

    TableRestore(TableCatalog catalog, RunLedger ledger) {
        this.catalog = catalog;
        this.ledger = ledger;
    }

    /** Refuses, before anything is queued, a restore that cannot succeed (404, 409, 422). */
    void check(RunPlan plan, SparkSession session) {
        TableState table = table(plan, session);
        RestoreTarget target = plan.restore();
        if (target.rollbackOf() != null) {
            rolledBack(target.rollbackOf(), table, session);
            return;
        }
        InvalidRequestException.check(table.format() == TableFormat.DELTA, "version",
                "Parquet tables have no versions: roll back a run instead (POST /api/v1/runs/{id}/rollback)");
        InvalidRequestException.check((target.version() == null) != (target.timestamp() == null), "version",
                "give a version or a timestamp");
        long version = version(target, table, session);
        InvalidRequestException.check(version >= 0 && version <= table.version(), "version",
                "table %s has versions 0 to %d", table.name(), table.version());
    }

    RunOutcome restore(RunPlan plan, SparkSession session) {
        check(plan, session);
        TableState table = table(plan, session);
        RestoreTarget target = plan.restore();
        Run undone = target.rollbackOf() == null ? null : ledger.find(target.rollbackOf()).orElseThrow();
        WatermarkAdvance rewind = undone == null || undone.watermark() == null ? null
                : new WatermarkAdvance(undone.watermark().name(), undone.watermark().column(), undone.watermark().after(),
                        undone.watermark().before());
        if (table.format() == TableFormat.PARQUET) {
            ParquetCommits.rollback(session, table, undone.id());
            return new RunOutcome(null, null, RunMetrics.NONE, null, rewind);
        }
        long version = undone != null ? undone.tableVersionBefore() : version(target, table, session);
        session.conf().set(RunPipeline.USER_METADATA, "{\"runId\":\"" + plan.id() + "\"}");
        session.sql("RESTORE TABLE " + plan.table().quoted() + " TO VERSION AS OF " + version);
        CommitInfo commit = DeltaCommits.findRecent(catalog.deltaLog(session, plan.table()), table.version() + 1,
                c -> plan.id().toString().equals(c.userMetadataField("runId")))
                .orElseThrow(() -> new IllegalStateException("RESTORE finished but left no commit of run " + plan.id()));
        return new RunOutcome(table.version(), commit.version(), commit.toRunMetrics(), null, rewind);
    }

    /** The run a rollback undoes, checked: it succeeded, committed, and nothing has changed the table since. */
    private Run rolledBack(UUID id, TableState table, SparkSession session) {
        Run run = ledger.find(id).orElseThrow(() -> new NotFoundException("run", "no run with id " + id));
        if (run.status() != RunStatus.SUCCEEDED) {
            throw new ConflictException("run %s is %s: only a succeeded run can be rolled back".formatted(id, run.status()));
        }
        List<UUID> later = ledger.succeededAfter(run).stream().filter(after -> !after.id().equals(id))
                .filter(TableRestore::changedTheTable).map(Run::id).toList();
        if (!later.isEmpty()) {
            throw new ConflictException("run %s is not the latest change of %s: roll back the later runs %s first, newest first"
                    .formatted(id, table.name(), later));
        }
        if (table.format() == TableFormat.DELTA) {
            if (run.tableVersionBefore() == null) {
                throw new ConflictException("run %s created table %s: there is no version before it to return to".formatted(id, table.name()));
            }
            if (!changedTheTable(run) || run.tableVersionAfter() != table.version()) {
                throw new ConflictException("run %s did not make the table's current version %d".formatted(id, table.version()));
            }
        }
        return run;
    }

    private static boolean changedTheTable(Run run) {
        return run.tableVersionAfter() == null ? run.metrics().rowsOutput() != null && run.metrics().rowsOutput() > 0
                : !run.tableVersionAfter().equals(run.tableVersionBefore());
    }

    private long version(RestoreTarget target, TableState table, SparkSession session) {
        if (target.version() != null) {
            return target.version();
        }
        DeltaLog log = catalog.deltaLog(session, table.name());
        Optional<CommitInfo> then = DeltaCommits.since(log, -1).stream()
                .filter(commit -> !commit.timestamp().isAfter(target.timestamp().toInstant()))
                .reduce((first, second) -> second);
        return then.orElseThrow(() -> InvalidRequestException.of("timestamp", "table %s did not exist yet at %s", table.name(),
                target.timestamp())).version();
    }

    private TableState table(RunPlan plan, SparkSession session) {
        return catalog.state(session, plan.table())
                .orElseThrow(() -> new NotFoundException("table", "no table " + plan.table()));
    }
}
