package io.sluice.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

import io.delta.tables.DeltaTable;
import io.sluice.table.TableState;
import io.sluice.write.RunMetrics;

/**
 * Delta's VACUUM with the run's retention, logged in the table's history (VACUUM START with the files and bytes it is
 * about to delete, VACUUM END with those it deleted), both commits carrying the run id. Sluice has checked the
 * retention against its own minimum, so Delta's fixed 7-day check is off for the run's session only.
 */
final class DeltaVacuum {

    static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
    static final String LOGGING = "spark.databricks.delta.vacuum.logging.enabled";
    /** On by default in Delta 4.1: any retention but 0 hours would be ignored for the table's deletedFileRetentionDuration. */
    static final String RETENTION_WINDOW_IGNORED = "spark.databricks.delta.vacuum.retentionWindowIgnore.enabled";
    /** VACUUM lists the table's directories in a job of this many tasks: Spark's 10,000 are for clusters. */
    static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    private DeltaVacuum() {
    }

    static Commit vacuum(SparkSession session, TableState table, Duration retention, Map<String, String> metadata, DeltaLog log) {
        configure(session);
        DeltaTable.forPath(session, table.location()).vacuum(hours(retention));
        String runId = metadata.get("runId");
        List<CommitInfo> commits = DeltaCommits.since(log, table.version()).stream()
                .filter(commit -> runId.equals(commit.userMetadataField("runId"))).toList();
        long files = metric(commits, "VACUUM END", "numDeletedFiles");
        long bytes = metric(commits, "VACUUM START", "sizeOfDataToDelete");
        long after = commits.isEmpty() ? table.version() : commits.get(commits.size() - 1).version();
        return new Commit(table.version(), after, RunMetrics.vacuumed(files, bytes), metadata);
    }

    /** VACUUM ... DRY RUN: the files a vacuum would delete now, each with its size; nothing is deleted or logged. */
    static VacuumPlan plan(SparkSession session, TableState table, Duration retention) {
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
        return new VacuumPlan(removed, null);
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
