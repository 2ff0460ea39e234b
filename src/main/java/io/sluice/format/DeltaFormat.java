package io.sluice.format;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.codec.digest.DigestUtils;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.delta.DeltaConcurrentModificationException;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.sluice.cluster.CommitFence;
import io.sluice.receipt.WrittenRows;
import io.sluice.table.DeltaProtocol;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.table.TableState;
import io.sluice.write.KeyCondition;
import io.sluice.write.RunMetrics;
import io.sluice.write.RunSpans;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteRequest;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delta Lake: every write is one commit of Spark's V2 writer or Delta's merge builder ({@link DeltaMerge}) carrying
 * the run's id and idempotency key in userMetadata; its version and metrics are then read from the table's own log on
 * the driver ({@link DeltaCommits}), so nothing is recounted, and a retry finds an earlier attempt's commit there.
 * Restores are Delta's RESTORE; a rollback restores the version before the run. A failed write commits nothing and
 * leaves nothing to clean up.
 */
@Component
final class DeltaFormat implements Format {

    private static final Logger log = LoggerFactory.getLogger(DeltaFormat.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    static final String AUTO_MERGE_SCHEMA = "spark.databricks.delta.schema.autoMerge.enabled";
    static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
    static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";
    private static final int CONFLICT_ATTEMPTS = 3;

    private final NewDeltaTables newTables;

    DeltaFormat(NewDeltaTables newTables) {
        this.newTables = newTables;
    }

    @Override
    public TableFormat name() {
        return TableFormat.DELTA;
    }

    @Override
    public TableState describe(SparkSession session, TableName name, CatalogTable meta) {
        // The log's snapshot (cached per table, updated by listing the log) has it all, without a Spark job.
        Snapshot snapshot = DeltaLog.forTable(session, meta).update(false, Option.empty(), Option.apply(meta));
        return new TableState(name, name(), CollectionConverters.asJava(snapshot.metadata().partitionColumns()),
                meta.location().toString(), snapshot.schema(), snapshot.version(),
                DeltaProtocol.of(snapshot.protocol(), CollectionConverters.asJava(snapshot.metadata().configuration())));
    }

    @Override
    public CurrentData currentData(SparkSession session, TableState table) {
        return new CurrentData(new Path(table.location(), "_delta_log").toString(), null, null);
    }

    @Override
    public DeltaProtocol newTableProtocol(SparkSession session, StructType schema, List<String> partitionBy) {
        return newTables.protocol(session, schema, partitionBy);
    }

    @Override
    public Commit create(WriteRequest request) {
        prepare(request);
        TableCreation.create(request, request.data(), name(), newTables.properties());
        return RunSpans.time(RunSpans.Phase.COMMIT_LOOKUP, () -> committed(request, logByName(request.session(), request.table()), null, null));
    }

    @Override
    public Commit append(WriteRequest request) throws NoSuchTableException {
        prepare(request);
        for (int attempt = 1;; attempt++) {
            try {
                request.data().writeTo(request.table().quoted()).append();
                return committed(request, null, null);
            } catch (DeltaConcurrentModificationException conflict) {
                // A blind append reads nothing, so a concurrent commit cannot invalidate its rows: try again.
                // The run's txnAppId makes a retry of an append that did commit a no-op.
                if (attempt == CONFLICT_ATTEMPTS) {
                    throw conflict;
                }
                log.warn("Append conflicted with a concurrent commit ({}); attempt {} of {}", conflict.getMessage(), attempt + 1,
                        CONFLICT_ATTEMPTS);
            }
        }
    }

    @Override
    public Commit overwrite(WriteRequest request, TouchedPartitions touched) throws NoSuchTableException {
        prepare(request);
        request.data().writeTo(request.table().quoted()).overwrite(touched.predicate(null));
        return committed(request, touched.describe(), null); // Delta reports numDeletedRows
    }

    @Override
    public Commit replacePartitions(WriteRequest request, TouchedPartitions touched) throws NoSuchTableException {
        prepare(request);
        // Delta reports no deleted rows for a dynamic overwrite; counted exactly (from file statistics) before it.
        long replaced = request.session().table(request.table().quoted()).where(touched.predicate(null)).count();
        request.data().writeTo(request.table().quoted()).overwritePartitions();
        return committed(request, touched.describe(), replaced);
    }

    /** A MERGE that changes no row (every source row equal to its row, or ignored) commits nothing: the table stays as it was. */
    @Override
    public Commit merge(WriteRequest request, KeyCondition condition) {
        prepare(request);
        DeltaMerge.execute(request, condition);
        return RunSpans.time(RunSpans.Phase.COMMIT_LOOKUP, () -> {
            DeltaLog deltaLog = log(request.session(), request.target());
            if (findCommit(request, deltaLog).isEmpty() && !skippedForKey(request, deltaLog)) {
                Long version = request.target().version();
                log.info("The merge changed no row: nothing committed (version {})", version);
                return new Commit(version, version, RunMetrics.merged(0, 0, 0, 0, 0, 0, 0), request.commitMetadata(),
                        new WrittenRows(0, 0, request.data().count(), 0, 0));
            }
            return committed(request, deltaLog, null, null);
        });
    }

    @Override
    public Commit applyChanges(WriteRequest request, KeyCondition condition) {
        prepare(request);
        request.session().conf().set(AUTO_MERGE_SCHEMA, "false"); // the action column is not one to add
        DeltaMerge.applyChanges(request, condition);
        return committed(request, null, null);
    }

    @Override
    public List<PartitionFiles> dataFiles(SparkSession session, TableState table, long targetFileSize) {
        return DeltaFiles.byPartition(session, log(session, table), table, targetFileSize);
    }

    /** Delta's OPTIMIZE (bin-packing) of the request's partitions: files under the target size become files of about it. */
    @Override
    public Commit compact(CompactRequest request) {
        userMetadata(request.session(), request.table().location(), request.commitMetadata());
        return DeltaCompaction.compact(request, log(request.session(), request.table()));
    }

    @Override
    public Commit vacuum(VacuumRequest request) {
        userMetadata(request.session(), request.table().location(), request.commitMetadata());
        return DeltaVacuum.vacuum(request, log(request.session(), request.table()));
    }

    /** Delta's own VACUUM ... DRY RUN: the files it would delete. */
    @Override
    public VacuumPlan planVacuum(VacuumRequest request) {
        return DeltaVacuum.plan(request, log(request.session(), request.table()));
    }

    @Override
    public void abandon(SparkSession session, TableState table, UUID runId) {
        // an uncommitted Delta write left only files no log entry names: a later VACUUM removes them
    }

    @Override
    public Optional<Commit> committedBy(SparkSession session, TableState table, UUID runId) {
        return recent(session, table, "runId", runId.toString());
    }

    @Override
    public Optional<Commit> committedWithKey(SparkSession session, TableState table, String key, List<UUID> attempts) {
        return recent(session, table, "idempotencyKey", key);
    }

    @Override
    public void settled(SparkSession session, TableState table) {
        // the log is what every reader reads: nothing to publish
    }

    @Override
    public List<TableVersion> history(SparkSession session, TableState table, Supplier<List<TableChange>> changes, int limit) {
        return DeltaHistory.history(log(session, table), table, limit);
    }

    @Override
    public long latestVersion(TableState table, Supplier<List<TableChange>> changes) {
        return table.version();
    }

    @Override
    public OptionalLong versionAt(SparkSession session, TableState table, Supplier<List<TableChange>> changes, Instant time) {
        return DeltaHistory.versionAt(log(session, table), time);
    }

    @Override
    public boolean rollbackPassesOver(TableChange later) {
        return later.keepsRows();
    }

    @Override
    public void checkRollback(SparkSession session, TableState table, TableChange change, Supplier<List<TableChange>> changes) {
        DeltaHistory.checkRollback(log(session, table), table, change);
    }

    @Override
    public Commit restore(SparkSession session, TableState table, Restore restore, Supplier<List<TableChange>> changes,
            Consumer<UUID> undone) {
        userMetadata(session, table.location(), Map.of("runId", restore.runId().toString()));
        session.sql("RESTORE TABLE " + table.name().quoted() + " TO VERSION AS OF " + restore.version());
        CommitInfo commit = DeltaCommits.findRecent(log(session, table), table.version() + 1,
                c -> restore.runId().toString().equals(c.userMetadataField("runId")))
                .orElseThrow(() -> new IllegalStateException("RESTORE finished but left no commit of run " + restore.runId()));
        if (restore.rollbackOf() != null) {
            undone.accept(restore.rollbackOf());
        }
        return new Commit(table.version(), commit.version(), commit.toRunMetrics(), commit.userMetadataFields());
    }

    /**
     * What every write sets on the run's session first. Its commit records the run (userMetadata). Columns join the table
     * in the data's own commit when the aligned source brings new ones (schemaPolicy add_columns). And Delta skips a write
     * whose (app id, version) it has already committed: a second guard, after {@link #committedWithKey}, against a retry of
     * a key writing twice; only for keyed runs, since Delta reconstructs the table's transactions with a Spark job on every
     * such write, and a run without a key is never retried under its own id.
     */
    private static void prepare(WriteRequest request) {
        SparkSession session = request.session();
        // a table to be created is fenced (with several replicas) where the create puts it
        userMetadata(session, request.before().map(TableState::location)
                .orElseGet(() -> TableCatalog.locationOf(session, request.table()).toString()), request.commitMetadata());
        if (request.before().isPresent()) {
            session.conf().set(AUTO_MERGE_SCHEMA, Boolean.toString(!request.newColumns().isEmpty()));
        }
        if (request.idempotencyKey() != null) {
            session.conf().set(TXN_APP_ID, appId(request.idempotencyKey()));
            session.conf().set(TXN_VERSION, "1");
        }
    }

    private static String appId(String idempotencyKey) {
        return "sluice-key-" + DigestUtils.sha256Hex(idempotencyKey).substring(0, 32);
    }

    private Commit committed(WriteRequest request, List<Map<String, String>> partitions, Long rowsReplaced) {
        return RunSpans.time(RunSpans.Phase.COMMIT_LOOKUP, () -> committed(request, log(request.session(), request.target()), partitions,
                rowsReplaced));
    }

    /** The commit this run made, found by the run id Delta recorded in its commit info. */
    private static Commit committed(WriteRequest request, DeltaLog deltaLog, List<Map<String, String>> partitions, Long rowsReplaced) {
        Long versionBefore = request.before().map(TableState::version).orElse(null);
        CommitInfo commit = findCommit(request, deltaLog).orElse(null);
        if (commit == null && skippedForKey(request, deltaLog)) {
            // the key's write was committed by a run the ledger no longer holds (sluice.runs.retention): Delta skipped this one
            log.info("Delta skipped the write: idempotency key {} was committed before, by a run that has left the ledger",
                    request.idempotencyKey());
            return new Commit(versionBefore, versionBefore, RunMetrics.NOTHING_WRITTEN, request.commitMetadata());
        }
        if (commit == null) {
            throw new IllegalStateException("the write finished but no commit of run " + request.runId() + " is in the history of "
                    + request.table());
        }
        log.info("Committed version {} -> {}, {}", versionBefore, commit.version(), commit.operationMetrics());
        return new Commit(versionBefore, commit.version(), commit.toRunMetrics().withPartitionsReplaced(partitions, rowsReplaced),
                commit.userMetadataFields(), commit.writtenRows());
    }

    /** Whether Delta skipped the write because the run's idempotency key committed before. */
    private static boolean skippedForKey(WriteRequest request, DeltaLog deltaLog) {
        return request.idempotencyKey() != null
                && deltaLog.update(false, Option.empty(), Option.empty()).transactions().contains(appId(request.idempotencyKey()));
    }

    private static Optional<CommitInfo> findCommit(WriteRequest request, DeltaLog deltaLog) {
        Long versionBefore = request.before().map(TableState::version).orElse(null);
        return DeltaCommits.since(deltaLog, versionBefore == null ? -1 : versionBefore).stream()
                .filter(c -> request.runId().toString().equals(c.userMetadataField("runId"))).findFirst();
    }

    private Optional<Commit> recent(SparkSession session, TableState table, String field, String value) {
        return DeltaCommits.findRecent(log(session, table), table.version(), commit -> value.equals(commit.userMetadataField(field)))
                .map(commit -> new Commit(commit.version() == 0 ? null : commit.version() - 1, commit.version(), commit.toRunMetrics(),
                        commit.userMetadataFields()));
    }

    /**
     * The log of a table whose state the caller holds, found by its location: the same cached log as by name, without
     * the catalog's three metastore round trips (database, table, its metadata), on every run.
     */
    /** What the session's next commits record about the run, with its lease's fencing token where one fences the table. */
    private static void userMetadata(SparkSession session, String location, Map<String, String> metadata) {
        session.conf().set(USER_METADATA, JSON.writeValueAsString(CommitFence.withToken(location, metadata)));
    }

    private static DeltaLog log(SparkSession session, TableState table) {
        return DeltaLog.forTable(session, new Path(table.location()));
    }

    private static DeltaLog logByName(SparkSession session, TableName table) {
        try {
            return DeltaLog.forTable(session, session.sessionState().catalog().getTableMetadata(table.identifier()));
        } catch (NoSuchNamespaceException | NoSuchTableException e) {
            throw new IllegalStateException("table " + table + " is not in the catalog", e);
        }
    }
}
