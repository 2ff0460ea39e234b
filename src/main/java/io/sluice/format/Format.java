package io.sluice.format;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.types.StructType;

import io.sluice.table.DeltaProtocol;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.write.KeyCondition;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteRequest;

/**
 * How one table format stores a table: what a strategy's write becomes as one atomic commit, how a commit an earlier
 * attempt made is found again, how an unfinished one is settled after a crash, and the table's versions, restores and
 * rollbacks. A strategy says which rows, partitions and keys; a format says how. Another format (Iceberg) would be
 * one more implementation.
 */
public sealed interface Format permits DeltaFormat, ParquetFormat {

    TableFormat name();

    /** The table as the catalog entry {@code meta} and, where the format has one, its log describe it. */
    TableState describe(SparkSession session, TableName name, CatalogTable meta);

    /** Where the current data is, for engines that read files rather than ask the metastore. */
    CurrentData currentData(SparkSession session, TableState table);

    /** What a new table of these columns would require of readers and writers (a dry run); null: the format has no protocol. */
    DeltaProtocol newTableProtocol(SparkSession session, StructType schema, List<String> partitionBy);

    /** Creates the table from the rows, with the request's partition columns. */
    Commit create(WriteRequest request);

    /** Adds the rows. */
    Commit append(WriteRequest request) throws NoSuchTableException;

    /** Deletes the rows of the touched partitions, then adds the source rows (Delta's replaceWhere, Iceberg's overwrite by filter). */
    Commit overwrite(WriteRequest request, TouchedPartitions touched) throws NoSuchTableException;

    /** Replaces exactly the touched partitions by the source's (a dynamic partition overwrite). */
    Commit replacePartitions(WriteRequest request, TouchedPartitions touched) throws NoSuchTableException;

    /** Merges the rows on the condition's keys, as the request's merge options say. */
    Commit merge(WriteRequest request, KeyCondition condition);

    /**
     * Applies change rows as one commit: each row of the request carries its {@code ChangeOptions.ACTION} (I insert, U update
     * the row the condition matches, D delete it), the rest of the table stays as it is.
     */
    Commit applyChanges(WriteRequest request, KeyCondition condition);

    /** The table's data files by partition (one entry for a table without partitions); small: under {@code targetFileSize}. */
    List<PartitionFiles> dataFiles(SparkSession session, TableState table, long targetFileSize);

    /** Rewrites the request's partitions into fewer, larger files, as one commit; every row stays as it was. */
    Commit compact(CompactRequest request);

    /**
     * Deletes what no version a restore may still return to reads (Delta: within the retention; Parquet: also of the newest
     * changes kept), as run {@code request.runId()}; no row changes. A restart need not settle it: it only deletes.
     */
    Commit vacuum(VacuumRequest request);

    /** What {@link #vacuum} would delete now; nothing is deleted. */
    VacuumPlan planVacuum(VacuumRequest request);

    /** After a write failed, or for a run a crash cut short that did not commit: removes what it left beside the table. */
    void abandon(SparkSession session, TableState table, UUID runId);

    /** The commit run {@code runId} made, if it made one (finishing it first if a crash cut it short). */
    Optional<Commit> committedBy(SparkSession session, TableState table, UUID runId);

    /** The commit an earlier attempt with this idempotency key made, if one did; {@code attempts} are those attempts' runs. */
    Optional<Commit> committedWithKey(SparkSession session, TableState table, String key, List<UUID> attempts);

    /** After a restart settled a run of this table: what readers outside Sluice see follows the table again. */
    void settled(SparkSession session, TableState table);

    /** The latest versions, newest first, at most {@code limit}; {@code changes} are the table's changes in the ledger. */
    List<TableVersion> history(SparkSession session, TableState table, Supplier<List<TableChange>> changes, int limit);

    long latestVersion(TableState table, Supplier<List<TableChange>> changes);

    /** The version current at {@code time}; empty if the table did not exist yet. */
    OptionalLong versionAt(SparkSession session, TableState table, Supplier<List<TableChange>> changes, Instant time);

    /**
     * Whether a rollback of an earlier change may leave this later one in place: it changed no rows (a compaction) and the
     * format's rollback takes back its files along with the earlier change's.
     */
    boolean rollbackPassesOver(TableChange later);

    /** Refuses (409) a rollback of {@code change} that this format cannot make; the caller has checked no later change stands in its way. */
    void checkRollback(SparkSession session, TableState table, TableChange change, Supplier<List<TableChange>> changes);

    /**
     * Returns the table to an earlier state as run {@code restore.runId()}. {@code undone} hears at once of each change
     * the restore undid in the ledger's eyes (a Parquet restore undoes the later changes one by one, newest first).
     */
    Commit restore(SparkSession session, TableState table, Restore restore, Supplier<List<TableChange>> changes, Consumer<UUID> undone);

    /**
     * A restore of {@code version}, or the rollback of run {@code rollbackOf} (then {@code version} is the one before it, null
     * where the format has no versions of its own), made by run {@code runId}.
     */
    record Restore(UUID runId, Long version, UUID rollbackOf) {
    }
}
