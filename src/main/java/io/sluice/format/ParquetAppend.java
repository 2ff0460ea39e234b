package io.sluice.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;

import io.sluice.cluster.CommitFence;
import io.sluice.problem.ConflictException;
import io.sluice.write.RunMetrics;
import io.sluice.format.StagedCommit.FileMove;
import io.sluice.format.StagedCommit.PartitionLocation;
import io.sluice.table.TableState;
import scala.jdk.javaapi.CollectionConverters;
import io.sluice.write.WriteRequest;
import io.sluice.write.Checkpoint;
import io.sluice.write.FaultStep;

/**
 * Appends to a Parquet table so that a crash never leaves part of the rows in it for good. The rows
 * are staged; the stage records every file move it is about to make; then the files are renamed
 * into the table's partition directories and new partitions are registered. The first rename is the
 * commit: a restart after it completes the recorded moves, one before it discards the stage. Then the
 * symlink manifests of the partitions it wrote into are rewritten. (Spark's
 * own INSERT moves its task files into place one by one at job commit, with no record to finish from.)
 */
final class ParquetAppend {

    private ParquetAppend() {
    }

    static RunMetrics write(WriteRequest request) {
        TableState table = request.target();
        ParquetStage stage = ParquetStage.write(request, request.data());
        ParquetTables.addColumns(request);
        SessionCatalog catalog = request.session().sessionState().catalog();
        Map<Map<String, String>, CatalogTablePartition> existing = table.partitionBy().isEmpty() ? Map.of()
                : ParquetSwap.partitionsBySpec(catalog, table.name().identifier());
        List<FileMove> moves = new ArrayList<>();
        Map<Map<String, String>, String> added = new LinkedHashMap<>();
        Map<Map<String, String>, Path> touched = new LinkedHashMap<>();
        for (Path file : FileStats.dataFiles(request.session(), stage.root()).stream().map(LocatedFileStatus::getPath).toList()) {
            String relative = relative(stage.root(), file.getParent());
            Map<String, String> spec = spec(relative);
            String directory = spec.isEmpty() ? table.location()
                    : existing.containsKey(spec) ? new Path(existing.get(spec).location()).toString()
                    : added.computeIfAbsent(spec, s -> new Path(new Path(table.location()), relative).toString());
            moves.add(new FileMove(file.toString(), new Path(new Path(directory), file.getName()).toString()));
            touched.put(spec, new Path(directory));
        }
        RunMetrics metrics = RunMetrics.appended(stage.rows(), stage.files().files(), stage.files().bytes());
        StagedCommit commit = new StagedCommit(metrics, request.commitMetadata(), List.of(), List.of(), null, moves,
                added.entrySet().stream().map(entry -> new PartitionLocation(entry.getKey(), entry.getValue())).toList());
        stage.record(request, commit);
        request.checkpoint().reached(FaultStep.PARTITIONS_ADDED);
        CommitFence.check(table.location());
        complete(request.session(), table.name().identifier(), commit, request.checkpoint());
        request.session().catalog().refreshTable(request.table().quoted());
        request.checkpoint().reached(FaultStep.SWAPPED);
        SymlinkManifest.update(request.session(), table.name().identifier(), touched);
        return metrics;
    }

    /** Whether the append's commit began: some file is in the table. */
    static boolean begun(SparkSession session, StagedCommit commit) {
        FileSystem fs = HadoopFiles.fileSystem(session, new Path(commit.moves().get(0).to()));
        return commit.moves().stream().anyMatch(move -> HadoopFiles.exists(fs, new Path(move.to())));
    }

    /** Makes every recorded move not made yet, then registers the new partitions: after a restart, this finishes the commit. */
    static void complete(SparkSession session, TableIdentifier id, StagedCommit commit, Checkpoint checkpoint) {
        FileSystem fs = HadoopFiles.fileSystem(session, new Path(commit.moves().get(0).to()));
        boolean first = true;
        try {
            for (FileMove move : commit.moves()) {
                Path from = new Path(move.from());
                Path to = new Path(move.to());
                if (fs.exists(from)) {
                    fs.mkdirs(to.getParent());
                    if (!fs.rename(from, to)) {
                        throw new IOException("could not move " + from + " to " + to);
                    }
                }
                if (first) {
                    checkpoint.reached(FaultStep.MOVING);
                    first = false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registerAdded(session, id, commit.addedAt());
    }

    /** Undoes an append: its files go back to its stage and the partitions it added are dropped. */
    static void undo(SparkSession session, TableIdentifier id, StagedCommit commit) {
        FileSystem fs = HadoopFiles.fileSystem(session, new Path(commit.moves().get(0).to()));
        try {
            for (FileMove move : commit.moves()) {
                if (!fs.exists(new Path(move.to()))) {
                    throw new ConflictException("a later write replaced the files this append added (" + move.to() + ")");
                }
            }
            for (FileMove move : commit.moves()) {
                fs.rename(new Path(move.to()), new Path(move.from()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!commit.addedAt().isEmpty()) {
            session.sessionState().catalog().dropPartitions(id, CollectionConverters.asScala(commit.addedAt().stream()
                    .map(partition -> ParquetSwap.scalaMap(partition.spec())).toList()).toSeq(), true, false, true);
        }
    }

    private static void registerAdded(SparkSession session, TableIdentifier id, List<PartitionLocation> added) {
        if (added.isEmpty()) {
            return;
        }
        SessionCatalog catalog = session.sessionState().catalog();
        CatalogTable table = ParquetSwap.metadata(catalog, id);
        Map<Map<String, String>, CatalogTablePartition> existing = ParquetSwap.partitionsBySpec(catalog, id);
        List<CatalogTablePartition> missing = added.stream().filter(partition -> !existing.containsKey(partition.spec()))
                .map(partition -> ParquetSwap.newPartition(table, partition.spec(), new Path(partition.location()))).toList();
        if (!missing.isEmpty()) {
            catalog.createPartitions(id, CollectionConverters.asScala(missing).toSeq(), true);
        }
    }

    private static String relative(Path root, Path directory) {
        String base = root.toUri().getPath();
        String path = directory.toUri().getPath();
        return path.length() <= base.length() ? "" : path.substring(base.length() + 1);
    }

    /** {@code p1=v1/p2=v2} as a catalog spec, unescaped as Spark escaped it. */
    private static Map<String, String> spec(String relative) {
        Map<String, String> spec = new LinkedHashMap<>();
        if (!relative.isEmpty()) {
            for (String part : relative.split("/")) {
                int equals = part.indexOf('=');
                spec.put(ExternalCatalogUtils.unescapePathName(part.substring(0, equals)),
                        ExternalCatalogUtils.unescapePathName(part.substring(equals + 1)));
            }
        }
        return spec;
    }
}
