package io.sluice.format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

import org.apache.spark.sql.delta.DeltaLog;

import io.sluice.problem.ConflictException;
import io.sluice.table.TableState;

/** A Delta table's versions as its log records them, read on the driver: history, a time's version, the rollback check. */
final class DeltaHistory {

    private DeltaHistory() {
    }

    static List<TableVersion> history(DeltaLog log, TableState table, int limit) {
        List<TableVersion> versions = new ArrayList<>();
        for (CommitInfo commit : DeltaCommits.since(log, Math.max(-1, table.version() - limit))) {
            String run = commit.userMetadataField("runId");
            versions.add(new TableVersion(commit.version(), commit.timestamp().atOffset(ZoneOffset.UTC), commit.operation(),
                    run == null ? null : UUID.fromString(run), commit.toRunMetrics(), null));
        }
        Collections.reverse(versions);
        return versions;
    }

    static OptionalLong versionAt(DeltaLog log, Instant time) {
        return commitAt(log, time).map(commit -> OptionalLong.of(commit.version())).orElse(OptionalLong.empty());
    }

    /** The newest commit made at or before {@code time}, if any. */
    static Optional<CommitInfo> commitAt(DeltaLog log, Instant time) {
        return DeltaCommits.since(log, -1).stream().filter(commit -> !commit.timestamp().isAfter(time)).reduce((first, second) -> second);
    }

    /** Commits that rewrite or delete files and change no row: a rollback may pass over them (RESTORE takes their files back too). */
    private static final Set<String> KEEPING_ROWS = Set.of("OPTIMIZE", "REORG", "VACUUM START", "VACUUM END");

    /** The run must have made the current version, or every version since must keep the rows (a compaction, a vacuum). */
    static void checkRollback(DeltaLog log, TableState table, TableChange change) {
        if (change.versionBefore() == null) {
            throw new ConflictException("run %s created table %s: there is no earlier state to return to"
                    .formatted(change.runId(), table.name()));
        }
        if (change.versionAfter() == null || change.versionAfter().equals(change.versionBefore())
                || !DeltaCommits.since(log, change.versionAfter()).stream().allMatch(c -> KEEPING_ROWS.contains(c.operation()))) {
            throw new ConflictException("run %s did not make the table's current version %d; to go further back, restore a version"
                    .formatted(change.runId(), table.version()));
        }
    }
}
