package io.sluice.strategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.table.TableState;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a Parquet table says about one run's write, for runs whose end the ledger did not see: the
 * swap is the commit, so the run committed exactly when the table (or a partition) reads from the
 * run's stage. An uncommitted run's leftovers are removed: partitions still at its placeholder, and
 * its stage, which no reader ever saw.
 */
public final class ParquetCommits {

    private static final Logger log = LoggerFactory.getLogger(ParquetCommits.class);

    private ParquetCommits() {
    }

    public static boolean committed(SparkSession session, TableState table, UUID runId) {
        String stage = ParquetStage.root(table, runId).toString() + "/";
        return locations(session, table).stream()
                .anyMatch(location -> (location + "/").startsWith(stage) && !location.contains("/_pending"));
    }

    /** The metrics a committed run measured and its commit metadata, as it recorded them in its stage before the swap. */
    public static Optional<StagedCommit> recorded(SparkSession session, TableState table, UUID runId) {
        return ParquetStage.recorded(session, table, runId);
    }

    /** Removes what an uncommitted run left; a committed run's stage is the table's data and stays. */
    public static void discard(SparkSession session, TableState table, UUID runId) {
        if (committed(session, table, runId)) {
            return;
        }
        Path stage = ParquetStage.root(table, runId);
        if (!table.partitionBy().isEmpty()) {
            SessionCatalog catalog = session.sessionState().catalog();
            var pending = CollectionConverters.asJava(catalog.listPartitions(table.name().identifier(), Option.empty())).stream()
                    .filter(partition -> path(partition).startsWith(stage.toString() + "/"))
                    .map(CatalogTablePartition::spec).toList();
            if (!pending.isEmpty()) {
                catalog.dropPartitions(table.name().identifier(), CollectionConverters.asScala(pending).toSeq(), true, false, true);
                log.warn("Dropped {} empty partition(s) of {} that an interrupted run had registered", pending.size(), table.name());
            }
        }
        try {
            if (stage.getFileSystem(session.sparkContext().hadoopConfiguration()).delete(stage, true)) {
                log.warn("Deleted the stage {} of an interrupted run of {}", stage, table.name());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        session.catalog().refreshTable(table.name().quoted());
    }

    private static List<String> locations(SparkSession session, TableState table) {
        if (table.partitionBy().isEmpty()) {
            return List.of(new Path(table.location()).toString());
        }
        return CollectionConverters.asJava(session.sessionState().catalog().listPartitions(table.name().identifier(), Option.empty()))
                .stream().map(ParquetCommits::path).toList();
    }

    private static String path(CatalogTablePartition partition) {
        return new Path(partition.location()).toString();
    }
}
