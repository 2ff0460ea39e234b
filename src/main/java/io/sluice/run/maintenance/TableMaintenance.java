package io.sluice.run.maintenance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.LongConsumer;

import org.apache.spark.sql.SparkSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.sluice.format.Commit;
import io.sluice.format.CompactRequest;
import io.sluice.format.Format;
import io.sluice.format.Formats;
import io.sluice.format.PartitionFiles;
import io.sluice.format.TableCatalog;
import io.sluice.format.TableChanges;
import io.sluice.format.VacuumPlan;
import io.sluice.format.VacuumRequest;
import io.sluice.problem.InvalidRequestException;
import io.sluice.problem.NotFoundException;
import io.sluice.run.Compaction;
import io.sluice.run.RunKind;
import io.sluice.run.RunOutcome;
import io.sluice.run.RunPlan;
import io.sluice.run.Vacuum;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.write.Checkpoint;
import io.sluice.write.RunMetrics;

/**
 * Maintenance runs: a compaction chooses the partitions with many small files and hands them to the table's format,
 * which rewrites them in one commit; a vacuum has the format delete what no version kept reads, and removes the table's
 * orphans (leftovers of failed creates) past their grace period. Like every run it is queued in the table's lane, so it never overlaps a write to
 * the same table, and its commit carries its run id, so a restart settles it as it settles a write.
 */
@Component
public class TableMaintenance {

    static final long MIN_TARGET_FILE_SIZE = 1024 * 1024;

    private final TableCatalog catalog;
    private final Formats formats;
    private final MaintenanceProperties properties;
    private final Checkpoint checkpoint;

    TableMaintenance(TableCatalog catalog, Formats formats, MaintenanceProperties properties, ObjectProvider<Checkpoint> checkpoint) {
        this.catalog = catalog;
        this.formats = formats;
        this.properties = properties;
        this.checkpoint = checkpoint.getIfAvailable(() -> Checkpoint.NONE);
    }

    /** A request's compaction, its thresholds defaulting to {@code sluice.maintenance.compact}; 422 for thresholds out of range. */
    public Compaction compaction(Integer minFiles, Long targetFileSize) {
        int files = minFiles != null ? minFiles : properties.compact().minFiles();
        long size = targetFileSize != null ? targetFileSize : properties.compact().targetFileSize().toBytes();
        InvalidRequestException.check(files >= 2, "minFiles", "minFiles is %d: a partition needs at least 2 files to be compacted into "
                + "fewer", files);
        InvalidRequestException.check(size >= MIN_TARGET_FILE_SIZE, "targetFileSize", "targetFileSize is %d bytes: give at least %d (1 MiB)",
                size, MIN_TARGET_FILE_SIZE);
        return new Compaction(files, size);
    }

    /**
     * A request's vacuum, its retention and kept changes defaulting to {@code sluice.maintenance.vacuum}; 422 below the
     * minimum retention or for fewer than one kept change.
     */
    public Vacuum vacuum(Long retentionHours, Integer keepChanges) {
        int kept = keepChanges != null ? keepChanges : properties.vacuum().keepChanges();
        InvalidRequestException.check(kept >= 1, "keepChanges", "keepChanges is %d: a vacuum keeps at least the latest change, so that "
                + "it can be rolled back", kept);
        Duration retention = retentionHours != null ? Duration.ofHours(retentionHours) : properties.vacuum().retention();
        Duration minimum = properties.vacuum().minRetention();
        InvalidRequestException.check(retention.compareTo(minimum) >= 0, "retentionHours", "retentionHours is %d: a vacuum keeps at least "
                + "%d hours of versions (sluice.maintenance.vacuum.min-retention), so that readers and writers on a recent snapshot keep "
                + "their files", retention.toHours(), minimum.toHours());
        return new Vacuum(retention, kept);
    }

    /**
     * Vacuums the plan's table on the run's session, then removes its orphans past their grace period. {@code restorableFrom}
     * records the oldest version still restorable before anything is deleted (Parquet).
     */
    public RunOutcome vacuum(RunPlan plan, SparkSession session, TableChanges changes, LongConsumer restorableFrom) {
        TableState table = table(plan.table(), session);
        List<VacuumPlan.Removal> orphans = catalog.orphans(session, table.name(), Instant.now().minus(properties.orphans().grace()));
        Commit commit = formats.of(table).vacuum(request(plan.id(), (Vacuum) plan.operation(), table, session, changes, restorableFrom));
        catalog.delete(session, orphans);
        RunMetrics metrics = commit.metrics();
        if (!orphans.isEmpty()) {
            VacuumPlan removed = new VacuumPlan(orphans, null);
            metrics = RunMetrics.vacuumed(metrics.filesRemoved() + removed.files(), metrics.bytesRemoved() + removed.bytes());
        }
        return new RunOutcome(commit.versionBefore(), commit.versionAfter(), metrics, null);
    }

    /** What a vacuum would delete now, orphans included; nothing is deleted. */
    public VacuumPreview preview(TableName name, Vacuum vacuum, SparkSession session, TableChanges changes) {
        TableState table = table(name, session);
        VacuumPlan plan = formats.of(table).planVacuum(request(null, vacuum, table, session, changes, version -> {
        }));
        VacuumPlan orphans = new VacuumPlan(catalog.orphans(session, name, Instant.now().minus(properties.orphans().grace())), null);
        Long restorable = plan.restorableFrom();
        OptionalLong earlier = changes.restorableFrom(table); // an earlier vacuum's bound stays: it deleted what is below it
        if (restorable != null && earlier.isPresent() && earlier.getAsLong() > restorable) {
            restorable = earlier.getAsLong();
        }
        return new VacuumPreview(name.toString(), RunKind.VACUUM, vacuum.retention().toHours(), vacuum.keepChanges(), plan.removed(),
                orphans.removed(), plan.files() + orphans.files(), plan.bytes() + orphans.bytes(), restorable);
    }

    private VacuumRequest request(UUID runId, Vacuum vacuum, TableState table, SparkSession session, TableChanges changes,
            LongConsumer restorableFrom) {
        return new VacuumRequest(runId, session, table, vacuum.retention(), vacuum.keepChanges(), Instant.now(), () -> changes.of(table),
                runId == null ? Map.of() : Map.of("runId", runId.toString()), checkpoint, restorableFrom);
    }

    /** The table a maintenance run would work on; 404 if there is none. */
    public TableState table(TableName name, SparkSession session) {
        return catalog.state(session, name).orElseThrow(() -> new NotFoundException("table", "no table " + name));
    }

    public MaintenancePreview preview(TableName name, Compaction compaction, SparkSession session) {
        TableState table = table(name, session);
        List<PartitionFiles> files = formats.of(table).dataFiles(session, table, compaction.targetFileSize());
        return new MaintenancePreview(name.toString(), RunKind.COMPACT, compaction.minFiles(), compaction.targetFileSize(),
                files.stream().filter(partition -> chosen(partition, compaction)).toList(),
                files.stream().filter(partition -> !chosen(partition, compaction)).toList());
    }

    /** Compacts the plan's table on the run's session; a table with nothing to compact is left as it is, with no commit. */
    public RunOutcome compact(RunPlan plan, SparkSession session) {
        Compaction compaction = (Compaction) plan.operation();
        TableState table = table(plan.table(), session);
        Format format = formats.of(table);
        List<PartitionFiles> chosen = format.dataFiles(session, table, compaction.targetFileSize()).stream()
                .filter(partition -> chosen(partition, compaction)).toList();
        if (chosen.isEmpty()) {
            return new RunOutcome(table.version(), table.version(), RunMetrics.NOTHING_WRITTEN, null);
        }
        Commit commit;
        try {
            commit = format.compact(new CompactRequest(plan.id(), session, table, chosen, compaction.targetFileSize(),
                    Map.of("runId", plan.id().toString()), checkpoint));
        } catch (RuntimeException e) {
            format.abandon(session, table, plan.id()); // what a Parquet compaction staged; a Delta one left nothing
            throw e;
        }
        return new RunOutcome(commit.versionBefore(), commit.versionAfter(), commit.metrics(), null);
    }

    /** Many small files, or a file with enough deleted rows that Delta's OPTIMIZE rewrites it to purge them. */
    private static boolean chosen(PartitionFiles partition, Compaction compaction) {
        return partition.smallFiles() >= compaction.minFiles() || partition.filesToPurge() > 0;
    }
}
