package io.sluice.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.problem.ConflictException;
import io.sluice.table.TableState;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import io.sluice.write.Checkpoint;

/**
 * What a Parquet table says about one run's write, for runs whose end the ledger did not see: the
 * swap is the commit, so the run committed exactly when the table (or a partition) reads from the
 * run's stage. An uncommitted run's leftovers are removed: partitions still at its placeholder, and
 * its stage, which no reader ever saw.
 */
final class ParquetCommits {

    private static final Logger log = LoggerFactory.getLogger(ParquetCommits.class);

    private ParquetCommits() {
    }

    public static boolean committed(SparkSession session, TableState table, UUID runId) {
        Optional<StagedCommit> append = recorded(session, table, runId).filter(StagedCommit::isAppend);
        if (append.isPresent()) {
            return ParquetAppend.begun(session, append.get());
        }
        String stage = ParquetStage.root(table, runId).toString() + "/";
        return locations(session, table).stream()
                .anyMatch(location -> (location + "/").startsWith(stage) && !location.contains("/_pending"));
    }

    /** Finishes a committed run's commit that a crash cut short (an append's remaining file moves). */
    public static void complete(SparkSession session, TableState table, UUID runId) {
        recorded(session, table, runId).filter(StagedCommit::isAppend).ifPresent(commit -> {
            ParquetAppend.complete(session, table.name().identifier(), commit, Checkpoint.NONE);
            session.catalog().refreshTable(table.name().quoted());
        });
    }

    /** The metrics a committed run measured and its commit metadata, as it recorded them in its stage before the swap. */
    public static Optional<StagedCommit> recorded(SparkSession session, TableState table, UUID runId) {
        return ParquetStage.recorded(session, table, runId);
    }

    /** Where a run staged its write: the directory its swap made part of the table, kept afterwards. */
    public static String stageOf(TableState table, UUID runId) {
        return ParquetStage.root(table, runId).toString();
    }

    /** Removes what an uncommitted run left; a committed run's stage is the table's data and stays. */
    public static void discard(SparkSession session, TableState table, UUID runId) {
        if (committed(session, table, runId)) {
            // a failure after the swap, before its manifests were rewritten: they follow the metastore again
            SymlinkManifest.rewrite(session, table.name().identifier());
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

    /**
     * Undoes a run's commit. A swap: its partitions (or the table) go back to the directories they
     * had, which were kept, and the partitions it added are dropped. An append: its files go back to
     * its stage. Refused when a later write changed any of them since. The caller rewrites the symlink
     * manifests ({@link SymlinkManifest#rewrite}) once after its rollbacks.
     */
    public static void rollback(SparkSession session, TableState table, UUID runId) {
        StagedCommit commit = recorded(session, table, runId).orElseThrow(() -> new ConflictException(
                "run %s left no record of its write to undo (it created the table)".formatted(runId)));
        Path stage = ParquetStage.root(table, runId);
        SessionCatalog catalog = session.sessionState().catalog();
        TableIdentifier id = table.name().identifier();
        if (commit.isAppend()) {
            ParquetAppend.undo(session, id, commit);
        } else if (table.partitionBy().isEmpty()) {
            if (!new Path(table.location()).toString().equals(stage.toString())) {
                throw new ConflictException("a later write moved table %s since run %s".formatted(table.name(), runId));
            }
            ParquetSwap.moveTable(session, ParquetSwap.metadata(catalog, id), new Path(commit.previousLocation()));
        } else {
            Map<Map<String, String>, CatalogTablePartition> current = ParquetSwap.partitionsBySpec(catalog, id);
            List<CatalogTablePartition> back = new ArrayList<>();
            List<Path> previous = new ArrayList<>();
            for (StagedCommit.PartitionLocation replaced : commit.replaced()) {
                back.add(stillFrom(current, replaced.spec(), stage, runId));
                previous.add(new Path(replaced.location()));
            }
            List<Map<String, String>> added = commit.added();
            added.forEach(spec -> stillFrom(current, spec, stage, runId));
            ParquetSwap.movePartitions(session, id, back, previous);
            if (!added.isEmpty()) {
                catalog.dropPartitions(id, CollectionConverters.asScala(added.stream()
                        .map(spec -> current.get(spec).spec()).toList()).toSeq(), true, false, true);
            }
        }
        session.catalog().refreshTable(table.name().quoted());
        log.info("Rolled back run {} on {}", runId, table.name());
    }

    private static CatalogTablePartition stillFrom(Map<Map<String, String>, CatalogTablePartition> current, Map<String, String> spec,
            Path stage, UUID runId) {
        CatalogTablePartition partition = current.get(spec);
        if (partition == null || !path(partition).startsWith(stage.toString() + "/")) {
            throw new ConflictException("a later write changed partition %s since run %s".formatted(spec, runId));
        }
        return partition;
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
