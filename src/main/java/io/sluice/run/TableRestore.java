package io.sluice.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
import io.sluice.table.SymlinkManifest;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableState;
import io.sluice.watermark.WatermarkAdvance;

/**
 * Restores and rollbacks, each a recorded run. Delta: RESTORE to a version (a timestamp resolves to
 * the version current then; a rollback to the version before the run). Parquet: a table's versions
 * are its changes in the ledger (0 = the create); restoring one rolls back every later change, newest
 * first, each swapping back to the kept directories, then the table's symlink manifests are rewritten.
 * A rollback undoes only the table's latest change and rewinds the run's watermark with it. Undone
 * runs are marked, and no longer count as changes.
 */
@Component
class TableRestore {

    private final TableCatalog catalog;
    private final RunLedger ledger;

    TableRestore(TableCatalog catalog, RunLedger ledger) {
        this.catalog = catalog;
        this.ledger = ledger;
    }

    /** Refuses, before anything is queued, a restore that cannot succeed (404, 409, 422); answers the table. */
    TableState check(RunPlan plan, SparkSession session) {
        TableState table = table(plan, session);
        RestoreTarget target = plan.restore();
        if (target.rollbackOf() != null) {
            rolledBack(target.rollbackOf(), table);
            return table;
        }
        InvalidRequestException.check((target.version() == null) != (target.timestamp() == null), "version",
                "give a version or a timestamp");
        // a time to come would resolve to the current version (Delta's RESTORE to it commits nothing), and mean nothing later
        InvalidRequestException.check(target.timestamp() == null || !target.timestamp().toInstant().isAfter(Instant.now()), "timestamp",
                "%s is in the future: a table is restored to a time that has passed", target.timestamp());
        long version = version(target, table, session);
        long latest = table.format() == TableFormat.DELTA ? table.version() : ledger.changes(table.name().toString()).size() - 1;
        InvalidRequestException.check(version >= 0 && version <= latest, "version", "table %s has versions 0 to %d", table.name(), latest);
        if (version == latest) {
            throw target.version() != null
                    ? InvalidRequestException.of("version", "version %d is the current version of table %s: restoring it would change "
                            + "nothing", version, table.name())
                    : InvalidRequestException.of("timestamp", "table %s was at version %d at %s, its current version: restoring it would "
                            + "change nothing", table.name(), version, target.timestamp());
        }
        return table;
    }

    RunOutcome restore(RunPlan plan, SparkSession session) {
        TableState table = check(plan, session);
        RestoreTarget target = plan.restore();
        if (table.format() == TableFormat.PARQUET) {
            List<Run> undo = target.rollbackOf() != null ? List.of(ledger.find(target.rollbackOf()).orElseThrow())
                    : laterChanges(table, version(target, table, session));
            WatermarkAdvance rewind = null;
            try {
                for (Run run : undo) { // newest first
                    ParquetCommits.rollback(session, table(plan, session), run.id());
                    ledger.markUndone(run.id(), plan.id());
                    rewind = run.watermark() == null ? rewind : rewound(run.watermark());
                }
            } finally { // also after a refused rollback: the ones before it changed the table
                SymlinkManifest.rewrite(session, table.name().identifier());
            }
            return new RunOutcome(null, null, RunMetrics.NONE, null, rewind);
        }
        Run undone = target.rollbackOf() == null ? null : ledger.find(target.rollbackOf()).orElseThrow();
        long version = undone != null ? undone.tableVersionBefore() : version(target, table, session);
        session.conf().set(RunPipeline.USER_METADATA, "{\"runId\":\"" + plan.id() + "\"}");
        session.sql("RESTORE TABLE " + plan.table().quoted() + " TO VERSION AS OF " + version);
        CommitInfo commit = DeltaCommits.findRecent(catalog.deltaLog(session, table), table.version() + 1,
                c -> plan.id().toString().equals(c.userMetadataField("runId")))
                .orElseThrow(() -> new IllegalStateException("RESTORE finished but left no commit of run " + plan.id()));
        if (undone != null) {
            ledger.markUndone(undone.id(), plan.id());
        }
        return new RunOutcome(table.version(), commit.version(), commit.toRunMetrics(), null,
                undone == null || undone.watermark() == null ? null : rewound(undone.watermark()));
    }

    private static WatermarkAdvance rewound(WatermarkAdvance advance) {
        return new WatermarkAdvance(advance.name(), advance.column(), advance.after(), advance.before());
    }

    /** Parquet: the changes after version {@code version}, newest first. */
    private List<Run> laterChanges(TableState table, long version) {
        List<Run> changes = ledger.changes(table.name().toString());
        List<Run> later = new ArrayList<>(changes.subList((int) version + 1, changes.size()));
        Collections.reverse(later);
        return later;
    }

    /** The run a rollback undoes, checked: it succeeded, committed, and nothing has changed the table since. */
    private Run rolledBack(UUID id, TableState table) {
        Run run = ledger.find(id).orElseThrow(() -> new NotFoundException("run", "no run with id " + id));
        if (run.status() != RunStatus.SUCCEEDED || run.undoneBy() != null) {
            throw new ConflictException("run %s is %s: only a succeeded run that was not undone can be rolled back"
                    .formatted(id, run.undoneBy() != null ? "undone already" : run.status()));
        }
        List<UUID> later = ledger.succeededAfter(run).stream().filter(after -> !after.id().equals(id))
                .filter(TableRestore::changedTheTable).map(Run::id).toList();
        if (!later.isEmpty()) {
            throw new ConflictException("run %s is not the latest change of %s: roll back the later runs %s first, newest first"
                    .formatted(id, table.name(), later));
        }
        boolean created = table.format() == TableFormat.DELTA ? run.tableVersionBefore() == null
                : ledger.changes(table.name().toString()).stream().findFirst().map(first -> first.id().equals(id)).orElse(false);
        if (created) {
            throw new ConflictException("run %s created table %s: there is no earlier state to return to".formatted(id, table.name()));
        }
        if (table.format() == TableFormat.DELTA && (!changedTheTable(run) || !run.tableVersionAfter().equals(table.version()))) {
            throw new ConflictException("run %s did not make the table's current version %d; to go further back, restore a version"
                    .formatted(id, table.version()));
        }
        return run;
    }

    private static boolean changedTheTable(Run run) {
        return run.tableVersionAfter() == null ? run.metrics().rowsOutput() == null || run.metrics().rowsOutput() > 0
                : !run.tableVersionAfter().equals(run.tableVersionBefore());
    }

    private long version(RestoreTarget target, TableState table, SparkSession session) {
        if (target.version() != null) {
            return target.version();
        }
        if (table.format() == TableFormat.PARQUET) {
            List<Run> changes = ledger.changes(table.name().toString());
            long version = -1;
            for (int i = 0; i < changes.size(); i++) {
                if (!changes.get(i).finishedAt().isAfter(target.timestamp())) {
                    version = i;
                }
            }
            InvalidRequestException.check(version >= 0, "timestamp", "table %s did not exist yet at %s", table.name(), target.timestamp());
            return version;
        }
        DeltaLog log = catalog.deltaLog(session, table);
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
