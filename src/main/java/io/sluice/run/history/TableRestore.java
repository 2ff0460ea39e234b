package io.sluice.run.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;
import org.springframework.stereotype.Component;

import io.sluice.problem.ConflictException;
import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.NotFoundException;
import io.sluice.format.Commit;
import io.sluice.format.Format;
import io.sluice.format.Formats;
import io.sluice.format.TableCatalog;
import io.sluice.format.TableChange;
import io.sluice.table.TableState;
import io.sluice.watermark.WatermarkAdvance;
import io.sluice.run.RunStatus;
import io.sluice.run.RunPlan;
import io.sluice.run.RunOutcome;
import io.sluice.run.ledger.RunLedger;
import io.sluice.loadedfiles.LoadedFiles;
import io.sluice.run.ledger.TableRetention;
import io.sluice.run.RunKind;
import io.sluice.table.TableFormat;
import io.sluice.run.Run;
import io.sluice.run.RestoreTarget;
import io.sluice.web.EnumNames;

/**
 * Restores and rollbacks, each a recorded run, made by the table's format: to a version (a timestamp resolves to the
 * version current then), or a rollback of the table's latest change, which rewinds the run's watermark with it (and the
 * files an incremental files source loaded count as not loaded again). Undone
 * runs are marked, and no longer count as changes (a Parquet table's versions are its changes).
 */
@Component
public class TableRestore {

    private final TableCatalog catalog;
    private final Formats formats;
    private final RunLedger ledger;
    private final TableRetention retention;
    private final LoadedFiles loadedFiles;

    TableRestore(TableCatalog catalog, Formats formats, RunLedger ledger, TableRetention retention, LoadedFiles loadedFiles) {
        this.retention = retention;
        this.loadedFiles = loadedFiles;
        this.catalog = catalog;
        this.formats = formats;
        this.ledger = ledger;
    }

    /** Refuses, before anything is queued, a restore that cannot succeed (404, 409, 422); answers the table. */
    public TableState check(RunPlan plan, SparkSession session) {
        TableState table = table(plan, session);
        Format format = formats.of(table);
        Supplier<List<TableChange>> changes = () -> changes(ledger, retention, table);
        RestoreTarget target = plan.restore();
        if (target.rollbackOf() != null) {
            rolledBack(target.rollbackOf(), table, format, changes, session);
            changes.get().stream().filter(change -> change.runId().equals(target.rollbackOf()) && change.version() != null).findFirst()
                    .ifPresent(change -> retained(table, change.version() - 1, format, changes, "run %s cannot be rolled back: "
                            .formatted(target.rollbackOf())));
            return table;
        }
        InvalidRequestException.check((target.version() == null) != (target.timestamp() == null), "version",
                "give a version or a timestamp");
        // a time to come would resolve to the current version (Delta's RESTORE to it commits nothing), and mean nothing later
        InvalidRequestException.check(target.timestamp() == null || !target.timestamp().toInstant().isAfter(Instant.now()), "timestamp",
                "%s is in the future: a table is restored to a time that has passed", target.timestamp());
        long version = version(target, table, session, format, changes);
        long latest = format.latestVersion(table, changes);
        InvalidRequestException.check(version >= 0 && version <= latest, "version", "table %s has versions 0 to %d", table.name(), latest);
        retained(table, version, format, changes, "");
        if (version == latest) {
            throw target.version() != null
                    ? InvalidRequestException.of("version", "version %d is the current version of table %s: restoring it would change "
                            + "nothing", version, table.name())
                    : InvalidRequestException.of("timestamp", "table %s was at version %d at %s, its current version: restoring it would "
                            + "change nothing", table.name(), version, target.timestamp());
        }
        return table;
    }

    public RunOutcome restore(RunPlan plan, SparkSession session) {
        TableState table = check(plan, session);
        Format format = formats.of(table);
        Supplier<List<TableChange>> changes = () -> changes(ledger, retention, table);
        RestoreTarget target = plan.restore();
        Run rolledBack = target.rollbackOf() == null ? null : ledger.find(target.rollbackOf()).orElseThrow();
        Long version = rolledBack != null ? rolledBack.tableVersionBefore() : Long.valueOf(version(target, table, session, format, changes));
        List<Run> undone = new ArrayList<>();
        Commit commit = format.restore(session, table, new Format.Restore(plan.id(), version, target.rollbackOf()), changes, run -> {
            ledger.markUndone(run, plan.id());
            loadedFiles.forget(run);
            undone.add(ledger.find(run).orElseThrow());
        });
        WatermarkAdvance rewind = null;
        for (Run run : undone) { // newest first: the watermark goes back to before the oldest
            rewind = run.watermark() == null ? rewind : rewound(run.watermark());
        }
        return new RunOutcome(commit.versionBefore(), commit.versionAfter(), commit.metrics(), null, rewind);
    }

    /** 409 when a vacuum removed what a return to {@code version} needs, naming the versions the table keeps. */
    private void retained(TableState table, long version, Format format, Supplier<List<TableChange>> changes, String prefix) {
        TableRetention.Retained kept = retention.of(table.name().toString()).orElse(TableRetention.Retained.NONE);
        if (kept.restorableFrom() != null && version < kept.restorableFrom()) {
            throw new ConflictException(("%stable %s keeps versions %d to %d: version %d's files were removed by the vacuum run %s (it "
                    + "keeps the newest sluice.maintenance.vacuum.keep-changes changes and those of its retention)").formatted(prefix,
                    table.name(), kept.restorableFrom(), format.latestVersion(table, changes), version, kept.vacuumRun()));
        }
    }

    /**
     * The table's changes in the ledger, oldest (the create) first. A Parquet change's version counts the changes whose runs
     * left the ledger, so that it stays the same after they do; a Delta change's is the version it made.
     */
    static List<TableChange> changes(RunLedger ledger, TableRetention retention, TableState table) {
        List<Run> runs = ledger.changes(table.name().toString());
        long expired = table.format() == TableFormat.PARQUET
                ? retention.of(table.name().toString()).map(TableRetention.Retained::expiredChanges).orElse(0L) : 0;
        List<TableChange> changes = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            changes.add(change(run, table.format() == TableFormat.PARQUET ? Long.valueOf(expired + i) : run.tableVersionAfter()));
        }
        return changes;
    }

    private static TableChange change(Run run) {
        return change(run, null);
    }

    private static TableChange change(Run run, Long version) {
        return new TableChange(run.id(), version, run.finishedAt(), EnumNames.of(run.strategy()), run.metrics(), run.tableVersionBefore(),
                run.tableVersionAfter(), run.strategy().isMaintenance());
    }

    private static WatermarkAdvance rewound(WatermarkAdvance advance) {
        return new WatermarkAdvance(advance.name(), advance.column(), advance.after(), advance.before());
    }

    /** The run a rollback undoes, checked: it succeeded, committed, and nothing has changed the table since. */
    private void rolledBack(UUID id, TableState table, Format format, Supplier<List<TableChange>> changes, SparkSession session) {
        Run run = ledger.find(id).orElseThrow(() -> new NotFoundException("run", "no run with id " + id));
        if (run.status() != RunStatus.SUCCEEDED || run.undoneBy() != null) {
            throw new ConflictException("run %s is %s: only a succeeded run that was not undone can be rolled back"
                    .formatted(id, run.undoneBy() != null ? "undone already" : run.status()));
        }
        List<UUID> later = ledger.succeededAfter(run).stream().filter(after -> !after.id().equals(id))
                .filter(TableRestore::changedTheTable).filter(after -> !format.rollbackPassesOver(change(after))).map(Run::id).toList();
        if (!later.isEmpty()) {
            throw new ConflictException("run %s is not the latest change of %s: roll back the later runs %s first, newest first"
                    .formatted(id, table.name(), later));
        }
        format.checkRollback(session, table, change(run), changes);
    }

    private static boolean changedTheTable(Run run) {
        if (run.strategy() == RunKind.VACUUM && run.tableVersionAfter() == null) {
            return false; // a Parquet vacuum deletes only what the table does not read: not a version
        }
        return run.tableVersionAfter() == null ? run.metrics().rowsOutput() == null || run.metrics().rowsOutput() > 0
                : !run.tableVersionAfter().equals(run.tableVersionBefore());
    }

    private long version(RestoreTarget target, TableState table, SparkSession session, Format format, Supplier<List<TableChange>> changes) {
        if (target.version() != null) {
            return target.version();
        }
        return format.versionAt(session, table, changes, target.timestamp().toInstant()).orElseThrow(() -> InvalidRequestException.of(
                "timestamp", "table %s did not exist yet at %s", table.name(), target.timestamp()));
    }

    private TableState table(RunPlan plan, SparkSession session) {
        return catalog.state(session, plan.table())
                .orElseThrow(() -> new NotFoundException("table", "no table " + plan.table()));
    }
}
