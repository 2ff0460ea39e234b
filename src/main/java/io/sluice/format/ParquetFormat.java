package io.sluice.format;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.spark.sql.Observation;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.sluice.problem.ConflictException;
import io.sluice.problem.NotFoundException;
import io.sluice.table.DeltaProtocol;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.write.KeyCondition;
import io.sluice.write.RunMetrics;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteRequest;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Parquet catalog tables, which have no log: a write stages its rows beside the table ({@link ParquetStage}) and its
 * commit is one metastore call that points the table or its partitions at the stage ({@link ParquetSwap}), or for an
 * append the first move of a recorded list of file moves ({@link ParquetAppend}); writes measure their own metrics.
 * The stage records the commit, so a restart finds, finishes or discards it ({@link ParquetCommits}). The table's
 * versions are its changes in the ledger (0 is the create); a rollback swaps back to the directories a commit replaced,
 * which are kept until a vacuum finds no kept change needs them ({@link ParquetVacuum}). Symlink manifests publish every change to path readers ({@link SymlinkManifest}).
 */
@Component
final class ParquetFormat implements Format {

    private static final Logger log = LoggerFactory.getLogger(ParquetFormat.class);

    @Override
    public TableFormat name() {
        return TableFormat.PARQUET;
    }

    @Override
    public TableState describe(SparkSession session, TableName name, CatalogTable meta) {
        return new TableState(name, name(), CollectionConverters.asJava(meta.partitionColumnNames()), meta.location().toString(),
                session.table(name.quoted()).schema(), null, null);
    }

    @Override
    public CurrentData currentData(SparkSession session, TableState table) {
        List<CurrentData.DataDirectory> directories = new ArrayList<>();
        CatalogTable meta;
        try {
            meta = session.sessionState().catalog().getTableMetadata(table.name().identifier());
        } catch (NoSuchNamespaceException | NoSuchTableException e) {
            throw new NotFoundException("table", "no table " + table.name() + " in the catalog");
        }
        SymlinkManifest.directories(session, meta)
                .forEach((spec, directory) -> {
                    Map<String, String> partition = new LinkedHashMap<>();
                    table.partitionBy().forEach(column -> {
                        String value = spec.get(column);
                        partition.put(column, ExternalCatalogUtils.DEFAULT_PARTITION_NAME().equals(value) ? null : value);
                    });
                    directories.add(new CurrentData.DataDirectory(partition, directory.toString()));
                });
        directories.sort(Comparator.comparing(directory -> directory.partition().values().toString()));
        String manifest = SymlinkManifest.exists(session, table.location()) ? SymlinkManifest.directory(table.location()).toString()
                : null;
        return new CurrentData(null, manifest, directories);
    }

    @Override
    public DeltaProtocol newTableProtocol(SparkSession session, StructType schema, List<String> partitionBy) {
        return null;
    }

    @Override
    public Commit create(WriteRequest request) {
        Observation observed = new Observation("sluice-create-" + request.runId());
        TableCreation.create(request, request.data().observe(observed, count(lit(1)).as("rows")), name(), Map.of());
        return committed(request, ParquetTables.created(request, observed));
    }

    @Override
    public Commit append(WriteRequest request) {
        return committed(request, ParquetAppend.write(request));
    }

    @Override
    public Commit overwrite(WriteRequest request, TouchedPartitions touched) {
        return committed(request, ParquetSwap.replacePartitions(request, touched));
    }

    /** The same as {@link #overwrite}: every source row lands in a touched partition, so both replace exactly those. */
    @Override
    public Commit replacePartitions(WriteRequest request, TouchedPartitions touched) {
        return committed(request, ParquetSwap.replacePartitions(request, touched));
    }

    @Override
    public Commit merge(WriteRequest request, KeyCondition condition) {
        ParquetMerge.Merged merged = ParquetMerge.write(request, condition);
        return committed(request, merged.metrics()).withWritten(merged.written());
    }

    @Override
    public Commit applyChanges(WriteRequest request, KeyCondition condition) {
        return committed(request, ParquetMerge.applyChanges(request, condition).metrics());
    }

    private static Commit committed(WriteRequest request, RunMetrics metrics) {
        log.info("Wrote {}", metrics);
        return Commit.unversioned(metrics, request.commitMetadata());
    }

    @Override
    public List<PartitionFiles> dataFiles(SparkSession session, TableState table, long targetFileSize) {
        return ParquetCompaction.dataFiles(session, table, targetFileSize);
    }

    /** The request's partitions rewritten into fewer files through the same stage and swap as a write. */
    @Override
    public Commit compact(CompactRequest request) {
        return Commit.unversioned(ParquetCompaction.compact(request), request.commitMetadata());
    }

    /** The directories only the changes older than those kept needed ({@link ParquetVacuum}); not a version. */
    @Override
    public Commit vacuum(VacuumRequest request) {
        return ParquetVacuum.vacuum(request);
    }

    @Override
    public VacuumPlan planVacuum(VacuumRequest request) {
        return ParquetVacuum.plan(request);
    }

    @Override
    public void abandon(SparkSession session, TableState table, UUID runId) {
        ParquetCommits.discard(session, table, runId);
    }

    @Override
    public Optional<Commit> committedBy(SparkSession session, TableState table, UUID runId) {
        if (!ParquetCommits.committed(session, table, runId)) {
            return Optional.empty();
        }
        ParquetCommits.complete(session, table, runId);
        Optional<StagedCommit> recorded = ParquetCommits.recorded(session, table, runId);
        return Optional.of(Commit.unversioned(recorded.map(StagedCommit::metrics).orElse(RunMetrics.NONE),
                recorded.map(StagedCommit::commit).orElse(Map.of())));
    }

    @Override
    public Optional<Commit> committedWithKey(SparkSession session, TableState table, String key, List<UUID> attempts) {
        return attempts.stream().map(attempt -> committedBy(session, table, attempt)).flatMap(Optional::stream).findFirst();
    }

    /** The run may have changed the table's files (a commit, a rollback) and died before its manifests followed. */
    @Override
    public void settled(SparkSession session, TableState table) {
        try {
            SymlinkManifest.rewrite(session, table.name().identifier());
        } catch (RuntimeException e) { // the ledger's truth does not depend on it
            log.error("Could not rewrite the symlink manifests of {}: path readers may see an earlier version of partitions that later "
                    + "runs do not touch, until a restore rewrites them all", table.name(), e);
        }
    }

    @Override
    public List<TableVersion> history(SparkSession session, TableState table, Supplier<List<TableChange>> changes, int limit) {
        List<TableChange> all = changes.get();
        List<TableVersion> versions = new ArrayList<>();
        for (int i = all.size() - 1; i >= Math.max(0, all.size() - limit); i--) {
            TableChange change = all.get(i);
            String location = ParquetCommits.recorded(session, table, change.runId()).isPresent()
                    ? ParquetCommits.stageOf(table, change.runId()) : null;
            versions.add(new TableVersion(change.version(), change.finishedAt(), change.operation(), change.runId(), change.metrics(),
                    location));
        }
        return versions;
    }

    @Override
    public long latestVersion(TableState table, Supplier<List<TableChange>> changes) {
        List<TableChange> all = changes.get();
        return all.isEmpty() ? -1 : all.get(all.size() - 1).version();
    }

    @Override
    public OptionalLong versionAt(SparkSession session, TableState table, Supplier<List<TableChange>> changes, Instant time) {
        OptionalLong version = OptionalLong.empty();
        for (TableChange change : changes.get()) {
            if (!change.finishedAt().toInstant().isAfter(time)) {
                version = OptionalLong.of(change.version());
            }
        }
        return version;
    }

    @Override
    public boolean rollbackPassesOver(TableChange later) {
        return false; // a compaction's swap replaced the directories an earlier change's rollback would swap back
    }

    @Override
    public void checkRollback(SparkSession session, TableState table, TableChange change, Supplier<List<TableChange>> changes) {
        if (changes.get().stream().findFirst().map(first -> first.runId().equals(change.runId())).orElse(false)) {
            throw new ConflictException("run %s created table %s: there is no earlier state to return to"
                    .formatted(change.runId(), table.name()));
        }
    }

    /** Rolls back the changes after the version (or the one run), newest first, each swapping back to the kept directories. */
    @Override
    public Commit restore(SparkSession session, TableState table, Restore restore, Supplier<List<TableChange>> changes,
            Consumer<UUID> undone) {
        List<UUID> undo;
        if (restore.rollbackOf() != null) {
            undo = List.of(restore.rollbackOf());
        } else {
            undo = new ArrayList<>(changes.get().stream().filter(change -> change.version() > restore.version())
                    .map(TableChange::runId).toList());
            Collections.reverse(undo);
        }
        try {
            for (UUID run : undo) {
                ParquetCommits.rollback(session, current(session, table.name()), run);
                undone.accept(run);
            }
        } finally { // also after a refused rollback: the ones before it changed the table
            SymlinkManifest.rewrite(session, table.name().identifier());
        }
        return Commit.unversioned(RunMetrics.NONE, Map.of());
    }

    /** The table as it is now: each rollback moves its data. */
    private TableState current(SparkSession session, TableName name) {
        return describe(session, name, ParquetSwap.metadata(session.sessionState().catalog(), name.identifier()));
    }
}
