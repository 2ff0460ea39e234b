package io.sluice.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.CatalogStorageFormat;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.CatalogTablePartition;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.cluster.CommitFence;
import io.sluice.write.RunMetrics;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteRequest;

import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import io.sluice.write.FaultStep;

/**
 * Points a Parquet table at a stage: the commit of a Parquet write, made of metastore calls only, then
 * rewrites the symlink manifests of the partitions it moved (a restart rewrites them all if a crash came first).
 * Partitions: new ones are first registered empty (dropped again if what follows fails), then every
 * partition is moved to its staged directory in one {@code alterPartitions} call, which the metastore
 * applies in one transaction: that call is the commit. A table without partitions moves its location
 * in one call. The previous directories are never deleted: they are the version a rollback returns to.
 */
final class ParquetSwap {

    private static final Logger log = LoggerFactory.getLogger(ParquetSwap.class);

    private ParquetSwap() {
    }

    /**
     * Replaces the touched partitions by the source's: the rows are staged, counted as they are written, then swapped in.
     * Both drop_partition and dynamic_overwrite come here. (Spark's own dynamic overwrite of a Parquet table deletes the old
     * partition directories before it moves the new ones in: a crash between the two would lose those partitions.)
     */
    static RunMetrics replacePartitions(WriteRequest request, TouchedPartitions touched) {
        var replaced = request.session().table(request.table().quoted()).where(touched.predicate(null));
        FileStats removed = FileStats.of(request.session(), replaced.inputFiles());
        long rowsRemoved = replaced.count();
        ParquetStage stage = ParquetStage.write(request, request.data());
        RunMetrics metrics = RunMetrics.replaced(stage.rows(), rowsRemoved, stage.files().files(), removed.files(), stage.files().bytes(),
                touched.describe());
        ParquetTables.addColumns(request);
        swapPartitions(request, stage, touched.specs(), metrics);
        return metrics;
    }

    /**
     * Replaces the given partitions by the stage's. Every one has rows in the stage: each source row
     * lands in its own partition, whatever the strategy. New partitions are first registered at an
     * empty placeholder directory, which changes no row; then one call moves every partition, new
     * and replaced, to its staged directory.
     */
    static void swapPartitions(WriteRequest request, ParquetStage stage, List<Map<String, String>> specs, RunMetrics metrics) {
        SessionCatalog catalog = request.session().sessionState().catalog();
        TableIdentifier id = request.table().identifier();
        CatalogTable table = metadata(catalog, id);
        Map<Map<String, String>, CatalogTablePartition> existing = partitionsBySpec(catalog, id);
        List<CatalogTablePartition> placeholders = new ArrayList<>();
        List<CatalogTablePartition> moved = new ArrayList<>();
        for (Map<String, String> spec : specs) {
            Path directory = stage.partition(spec);
            if (!HadoopFiles.exists(request.session(), directory)) {
                throw new IllegalStateException("nothing was staged for partition " + spec + " at " + directory);
            }
            CatalogTablePartition current = existing.get(spec);
            if (current == null) {
                current = newPartition(table, spec, stage.placeholder());
                placeholders.add(current);
            }
            moved.add(current.copy(current.spec(), at(current.storage(), directory), current.parameters(), current.createTime(),
                    current.lastAccessTime(), current.stats()));
        }
        stage.record(request, StagedCommit.swap(metrics, request.commitMetadata(),
                specs.stream().filter(existing::containsKey)
                        .map(spec -> new StagedCommit.PartitionLocation(spec, new Path(existing.get(spec).location()).toString())).toList(),
                specs.stream().filter(spec -> !existing.containsKey(spec)).toList(), null));
        if (!placeholders.isEmpty()) { // Hive's createPartitions fails on an empty list
            HadoopFiles.mkdirs(request.session(), stage.placeholder());
            catalog.createPartitions(id, seq(placeholders), false);
        }
        try {
            request.checkpoint().reached(FaultStep.PARTITIONS_ADDED);
            CommitFence.check(table.location().toString());
            catalog.alterPartitions(id, seq(moved));
        } catch (RuntimeException e) {
            if (!placeholders.isEmpty()) {
                catalog.dropPartitions(id, seq(placeholders.stream().map(CatalogTablePartition::spec).toList()), true, false, true);
            }
            throw e;
        }
        refresh(request);
        log.info("Swapped {} partition(s) of {} to {}, {} of them new", moved.size(), request.table(), stage.root(),
                placeholders.size());
        request.checkpoint().reached(FaultStep.SWAPPED);
        Map<Map<String, String>, Path> touched = new HashMap<>();
        specs.forEach(spec -> touched.put(spec, stage.partition(spec)));
        SymlinkManifest.update(request.session(), id, touched);
    }

    /**
     * A merge's swap. A partition the merge emptied (every row deleted) moves to an empty directory of the stage, so it reads
     * as no rows and a rollback can still move it back; a new partition whose rows were all skipped is not registered.
     */
    static void swapMergedPartitions(WriteRequest request, ParquetStage stage, List<Map<String, String>> specs, RunMetrics metrics) {
        Map<Map<String, String>, CatalogTablePartition> existing = partitionsBySpec(request.session().sessionState().catalog(),
                request.table().identifier());
        List<Map<String, String>> swapped = new ArrayList<>();
        for (Map<String, String> spec : specs) {
            Path directory = stage.partition(spec);
            if (HadoopFiles.exists(request.session(), directory)) {
                swapped.add(spec);
            } else if (existing.containsKey(spec)) {
                HadoopFiles.mkdirs(request.session(), directory);
                swapped.add(spec);
            }
        }
        if (!swapped.isEmpty()) {
            swapPartitions(request, stage, swapped, metrics);
        }
    }

    /** Moves an unpartitioned table to the stage: one metastore call. */
    static void replaceLocation(WriteRequest request, ParquetStage stage, RunMetrics metrics) {
        SessionCatalog catalog = request.session().sessionState().catalog();
        CatalogTable table = metadata(catalog, request.table().identifier());
        stage.record(request, StagedCommit.swap(metrics, request.commitMetadata(), List.of(), List.of(),
                new Path(table.location()).toString()));
        request.checkpoint().reached(FaultStep.PARTITIONS_ADDED);
        moveTable(request.session(), table, stage.root());
        refresh(request);
        log.info("Moved {} from {} to {}", request.table(), table.location(), stage.root());
        request.checkpoint().reached(FaultStep.SWAPPED);
        SymlinkManifest.update(request.session(), request.table().identifier(), Map.of(Map.of(), stage.root()));
    }

    /** Points a table at another directory: one metastore call. */
    static void moveTable(SparkSession session, CatalogTable table, Path directory) {
        CommitFence.check(table.location().toString());
        CatalogStorageFormat storage = at(table.storage(), directory);
        session.sessionState().catalog().alterTable(table.withNewStorage(storage.locationUri(), storage.inputFormat(),
                storage.outputFormat(), storage.compressed(), storage.serde(), storage.properties()));
    }

    /** Points partitions at other directories: one metastore call, one transaction. */
    static void movePartitions(SparkSession session, TableIdentifier id, List<CatalogTablePartition> partitions,
            List<Path> directories) {
        List<CatalogTablePartition> moved = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            CatalogTablePartition partition = partitions.get(i);
            moved.add(partition.copy(partition.spec(), at(partition.storage(), directories.get(i)), partition.parameters(),
                    partition.createTime(), partition.lastAccessTime(), partition.stats()));
        }
        if (!moved.isEmpty()) {
            CommitFence.check(metadata(session.sessionState().catalog(), id).location().toString());
            session.sessionState().catalog().alterPartitions(id, seq(moved));
        }
    }

    /** Cached file listings of the table are stale now, in every session. */
    private static void refresh(WriteRequest request) {
        request.session().catalog().refreshTable(request.table().quoted());
    }

    private static CatalogStorageFormat at(CatalogStorageFormat storage, Path directory) {
        // Datasource tables also keep their location in the "path" storage property.
        Map<String, String> properties = new HashMap<>(CollectionConverters.asJava(storage.properties()));
        if (properties.containsKey("path")) {
            properties.put("path", directory.toString());
        }
        return storage.copy(Option.apply(directory.toUri()), storage.inputFormat(), storage.outputFormat(), storage.serde(),
                storage.compressed(), scalaMap(properties));
    }

    /** A partition of the table, to register, stored in {@code directory}. */
    static CatalogTablePartition newPartition(CatalogTable table, Map<String, String> spec, Path directory) {
        return new CatalogTablePartition(scalaMap(spec), at(table.storage(), directory), scalaMap(Map.of()), System.currentTimeMillis(),
                -1, Option.empty());
    }

    /** The table's partitions by their catalog spec. */
    static Map<Map<String, String>, CatalogTablePartition> partitionsBySpec(SessionCatalog catalog, TableIdentifier id) {
        Map<Map<String, String>, CatalogTablePartition> partitions = new HashMap<>();
        CollectionConverters.asJava(catalog.listPartitions(id, Option.empty()))
                .forEach(partition -> partitions.put(new HashMap<>(CollectionConverters.asJava(partition.spec())), partition));
        return partitions;
    }

    static CatalogTable metadata(SessionCatalog catalog, TableIdentifier id) {
        try {
            return catalog.getTableMetadata(id);
        } catch (NoSuchNamespaceException | NoSuchTableException e) {
            throw new IllegalStateException("table " + id + " left the catalog during the write", e);
        }
    }

    static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> map) {
        return scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(map));
    }

    private static <T> Seq<T> seq(List<T> list) {
        return CollectionConverters.asScala(list).toSeq();
    }
}
