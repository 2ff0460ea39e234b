package io.sluice.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.TruncationGranularity;

import io.delta.tables.DeltaTable;
import io.sluice.table.TableState;
import io.sluice.write.RunMetrics;
import scala.Option;

/**
 * Delta's VACUUM with the run's retention, logged in the table's history (VACUUM START with the files and bytes it is
 * about to delete, VACUUM END with those it deleted), both commits carrying the run id. Sluice has checked the
 * retention against its own minimum, so Delta's fixed 7-day check is off for the run's session only.
 * <p>
 * The vacuum also bounds the log: the versions older than the retention can no longer be restored (their files go), so
 * their commit files go too, once a checkpoint at the oldest restorable version stands in for them. Delta's own log
 * cleanup keeps them for {@code delta.logRetentionDuration} (30 days) and only at whole days.
 */
final class DeltaVacuum {

    static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    static final String LOGGING = "spark.databricks.delta.vacuum.logging.enabled";
    /** On by default in Delta 4.1: any retention but 0 hours would be ignored for the table's deletedFileRetentionDuration. */
    static final String RETENTION_WINDOW_IGNORED = "spark.databricks.delta.vacuum.retentionWindowIgnore.enabled";
    /** VACUUM lists the table's directories in a job of this many tasks: Spark's 10,000 are for clusters. */
    static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    /** The oldest restorable version is found with the cutoff this much late: VACUUM reads its clock a moment after. */
    static final Duration CLOCK_LEEWAY = Duration.ofMinutes(1);

    private DeltaVacuum() {
    }

    static Commit vacuum(VacuumRequest request, DeltaLog log) {
        SparkSession session = request.session();
        TableState table = request.table();
        configure(session);
        Optional<CommitInfo> restorable = oldestRestorable(log, request);
        restorable.ifPresent(commit -> {
            request.restorableFrom().accept(commit.version()); // before anything is deleted
            if (!log.checkpointExistsAtVersion(commit.version())) {
                log.createCheckpointAtVersion(commit.version());
            }
        });
        DeltaTable.forPath(session, table.location()).vacuum(hours(request.retention()));
        restorable.ifPresent(commit -> trimLog(log, commit));
        Map<String, String> metadata = request.commitMetadata();
        String runId = metadata.get("runId");
        List<CommitInfo> commits = DeltaCommits.since(log, table.version()).stream()
                .filter(commit -> runId.equals(commit.userMetadataField("runId"))).toList();
        long files = metric(commits, "VACUUM END", "numDeletedFiles");
        long bytes = metric(commits, "VACUUM START", "sizeOfDataToDelete");
        long after = commits.isEmpty() ? table.version() : commits.get(commits.size() - 1).version();
        return new Commit(table.version(), after, RunMetrics.vacuumed(files, bytes), metadata);
    }

    /**
     * The commit of the oldest version whose files all outlive the vacuum: the newest one made before the retention's cutoff
     * (the files it reads were removed, if at all, after the cutoff); none when every version is younger.
     */
    static Optional<CommitInfo> oldestRestorable(DeltaLog log, VacuumRequest request) {
        return DeltaHistory.commitAt(log, request.now().minus(request.retention()).plus(CLOCK_LEEWAY));
    }

    /**
     * Deletes the log below the oldest restorable version, whose checkpoint now stands in for it. Delta deletes a stretch of
     * the log only up to a checkpoint and only if the stretch's last file is older than the cutoff; the cutoff is just before
     * that version's commit, so it and every later version stay readable. Delta deletes oldest first: a crash midway leaves
     * the same versions readable.
     */
    private static void trimLog(DeltaLog log, CommitInfo oldestRestorable) {
        log.checkpoint(); // Delta trims only below the checkpoint _last_checkpoint names, which an older one does not move
        long cutoff = oldestRestorable.timestamp().toEpochMilli() - 1;
        Snapshot snapshot = log.update(false, Option.empty(), Option.empty());
        log.cleanUpExpiredLogs(snapshot, Option.empty(), Option.apply((Object) (log.clock().getTimeMillis() - cutoff)),
                TruncationGranularity.MINUTE());
    }

    /** VACUUM ... DRY RUN: the files a vacuum would delete now, each with its size; nothing is deleted or logged. */
    static VacuumPlan plan(VacuumRequest request, DeltaLog log) {
        SparkSession session = request.session();
        TableState table = request.table();
        Duration retention = request.retention();
        configure(session);
        String path = table.location().replace("`", "``");
        List<String> files = session.sql("VACUUM delta.`%s` RETAIN %s HOURS DRY RUN".formatted(path,
                        BigDecimal.valueOf(hours(retention)).toPlainString()))
                .select("path").as(Encoders.STRING()).collectAsList();
        List<VacuumPlan.Removal> removed = new ArrayList<>();
        for (String file : files.stream().sorted().toList()) {
            Path filePath = new Path(file);
            long bytes;
            try {
                bytes = HadoopFiles.fileSystem(session, filePath).getFileStatus(filePath).getLen();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            removed.add(new VacuumPlan.Removal(file, 1, bytes));
        }
        return new VacuumPlan(removed, oldestRestorable(log, request).map(CommitInfo::version).orElse(null));
    }

    private static void configure(SparkSession session) {
        session.conf().set(RETENTION_CHECK, "false");
        session.conf().set(RETENTION_WINDOW_IGNORED, "false");
        session.conf().set(LOGGING, "true");
        session.conf().set(LISTING_PARALLELISM, session.conf().get("spark.sql.shuffle.partitions"));
    }

    private static double hours(Duration retention) {
        return retention.toMillis() / 3_600_000.0;
    }

    private static long metric(List<CommitInfo> commits, String operation, String name) {
        return commits.stream().filter(commit -> commit.operation().equals(operation))
                .map(commit -> commit.operationMetrics().get(name)).filter(value -> value != null).mapToLong(Long::parseLong).sum();
    }
}
