package io.sluice.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.delta.DeltaLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.sluice.source.PullProgress;
import io.sluice.source.ReadContext;
import io.sluice.source.ReadContext.WatermarkBound;
import io.sluice.source.SourceContext;
import io.sluice.strategy.Checkpoint;
import io.sluice.strategy.FaultStep;
import io.sluice.strategy.ParquetCommits;
import io.sluice.strategy.SchemaAlignment;
import io.sluice.strategy.SourceDuplicates;
import io.sluice.strategy.WriteRequest;
import io.sluice.strategy.WriteResult;
import io.sluice.strategy.WriteStrategy;
import io.sluice.table.CommitInfo;
import io.sluice.table.DeltaCommits;
import io.sluice.table.NewDeltaTables;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableFormat;
import io.sluice.table.TableState;
import io.sluice.watermark.WatermarkAdvance;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data flow of one run, on the run's own session: the table's state and expectations, then the
 * source read, aligned to the table, deduplicated, written by the strategy, and the commit it made.
 */
@Component
class RunPipeline {

    private static final Logger log = LoggerFactory.getLogger(RunPipeline.class);
    static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    static final String AUTO_MERGE_SCHEMA = "spark.databricks.delta.schema.autoMerge.enabled";
    static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
    static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TableCatalog catalog;
    private final SourceContext sources;
    private final Checkpoint checkpoint;
    private final EarlierAttempts earlierAttempt;
    private final IncrementalLoad incremental;
    private final NewDeltaTables newTables;

    RunPipeline(TableCatalog catalog, SourceContext sources, EarlierAttempts earlierAttempt, IncrementalLoad incremental,
            NewDeltaTables newTables, ObjectProvider<Checkpoint> checkpoint) {
        this.catalog = catalog;
        this.newTables = newTables;
        this.sources = sources;
        this.incremental = incremental;
        this.earlierAttempt = earlierAttempt;
        this.checkpoint = checkpoint.getIfAvailable(() -> Checkpoint.NONE);
    }

    /** The table as the run finds it (empty: the run creates it), checked against the plan. */
    Optional<TableState> prepare(RunPlan plan, SparkSession session) {
        // Delta skips a write whose (app id, version) it has already committed: a second guard, after
        // EarlierAttempts, against a retry of a key writing twice. Only for keyed runs: Delta reconstructs the
        // table's transactions with a Spark job on every such write (BENCHMARKS.md: a 1,000-row append pays it),
        // and a run without a key is never retried under its own id.
        if (plan.idempotencyKey() != null) {
            session.conf().set(TXN_APP_ID, "sluice-key-" + RequestHash.of(plan.idempotencyKey()).substring(0, 32));
            session.conf().set(TXN_VERSION, "1");
        }
        Optional<TableState> before = catalog.state(session, plan.table());
        TableExpectations.checkCreated(plan, before);
        TableExpectations.check(plan.requestedFormat(), plan.partitionBy(), before);
        plan.strategy().check(plan.options(), before.map(TableState::partitionBy).orElse(plan.partitionBy()));
        if (before.isEmpty()) {
            catalog.ensureDatabase(session, plan.table());
            catalog.moveAsideOrphanLocation(session, plan.table());
        }
        return before;
    }

    /** Writes the source as one commit (none for an empty source) and answers the outcome from that commit. */
    RunOutcome write(RunPlan plan, SparkSession session, Optional<TableState> before, PullProgress progress, BooleanSupplier cancelled)
            throws NoSuchTableException {
        Optional<RunOutcome> earlier = earlierAttempt.committed(plan, session, before);
        if (earlier.isPresent()) {
            log.warn("An earlier attempt with idempotency key {} committed already; not writing again", plan.idempotencyKey());
            return earlier.get();
        }
        Long versionBefore = before.map(TableState::version).orElse(null);
        String watermark = plan.watermark() == null ? null : incremental.current(plan);
        ReadContext context = new ReadContext(session, sources, plan.id(), Instant.now(), watermark == null ? null
                : new WatermarkBound(plan.watermark().column(), watermark, plan.watermark().isInclusive()), progress, cancelled);
        Dataset<Row> read = plan.source().read(context);
        // A query read twice may answer differently (rows committed in between): read such a source once, so that the
        // duplicate check, the watermark and the write all see the same rows.
        Dataset<Row> once = plan.source().repeatable() ? null : read.localCheckpoint(true);
        try {
            return writeRows(plan, session, before, context, watermark, versionBefore, once != null ? once : read);
        } finally {
            if (once != null && once.queryExecution().analyzed() instanceof LogicalRDD rows) {
                rows.rdd().unpersist(false);
            }
        }
    }

    private RunOutcome writeRows(RunPlan plan, SparkSession session, Optional<TableState> before, ReadContext context, String watermark,
            Long versionBefore, Dataset<Row> read) throws NoSuchTableException {
        if (before.isPresent()) {
            SchemaAlignment.Aligned aligned = SchemaAlignment.align(read, before.get().schema(), before.get().partitionBy(),
                    plan.options().schemaPolicy());
            read = aligned.data();
            // add_columns: the new columns join the table in the data's own commit
            session.conf().set(AUTO_MERGE_SCHEMA, Boolean.toString(aligned.addsColumns()));
        }
        if (plan.watermark() != null) {
            read = incremental.beyond(plan, session, before, read, watermark);
        }
        SourceDuplicates.Result source = SourceDuplicates.apply(read, plan.options());
        WatermarkAdvance advance = plan.watermark() == null ? null : incremental.advance(plan, source.data(), watermark);
        boolean empty = source.rows() != null ? source.rows() == 0 : source.data().isEmpty();
        if (before.isPresent() && empty) {
            log.info("The source has no{} rows: nothing committed (version {})", plan.watermark() != null ? " new" : "", versionBefore);
            plan.source().loaded(context);
            return new RunOutcome(versionBefore, versionBefore,
                    RunMetrics.NOTHING_WRITTEN.withStrategyCounts(source.dropped(), List.of(), null), null);
        }
        Map<String, String> metadata = commitMetadata(plan, advance);
        session.conf().set(USER_METADATA, JSON.writeValueAsString(metadata));
        WriteRequest write = new WriteRequest(plan.id(), session, plan.table(), before, plan.formatForNewTable(), plan.partitionBy(),
                source.data(), plan.options(), metadata, checkpoint);
        long start = System.nanoTime();
        checkpoint.reached(FaultStep.BEFORE_WRITE);
        WriteResult result;
        try {
            result = before.isEmpty() ? WriteStrategy.create(write, newTables.properties()) : plan.strategy().write(write);
        } catch (RuntimeException e) {
            before.filter(t -> t.format() == TableFormat.PARQUET).ifPresent(t -> ParquetCommits.discard(session, t, plan.id()));
            throw e;
        }
        checkpoint.reached(FaultStep.WRITTEN);
        plan.source().loaded(context);
        long written = System.nanoTime();
        if (result.measured() != null) { // Parquet: no log to read, the write measured itself
            log.info("Wrote {} in {} ms", result.measured(), (written - start) / 1_000_000);
            return new RunOutcome(null, null, result.measured().withStrategyCounts(source.dropped(), result.partitionsReplaced(), null),
                    null, advance);
        }
        CommitInfo commit = committedBy(before.isPresent() ? catalog.deltaLog(session, before.get()) : catalog.deltaLog(session, plan.table()),
                plan, versionBefore);
        log.info("Committed version {} -> {}, {}; write {} ms, commit lookup {} ms", versionBefore, commit.version(),
                commit.operationMetrics(), (written - start) / 1_000_000, (System.nanoTime() - written) / 1_000_000);
        return new RunOutcome(versionBefore, commit.version(),
                commit.toRunMetrics().withStrategyCounts(source.dropped(), result.partitionsReplaced(), result.rowsReplaced()), null,
                advance);
    }

    /**
     * What the commit records about the run (Delta: userMetadata; Parquet: beside the stage), so that a
     * restart can tell whose commit it is and which watermark it carries.
     */
    private static Map<String, String> commitMetadata(RunPlan plan, WatermarkAdvance advance) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("runId", plan.id().toString());
        if (plan.idempotencyKey() != null) {
            metadata.put("idempotencyKey", plan.idempotencyKey());
        }
        if (advance != null) {
            metadata.putAll(IncrementalLoad.toMetadata(advance));
        }
        return metadata;
    }

    /** The commit this run made, found by the run id Delta recorded in its commit info. */
    private static CommitInfo committedBy(DeltaLog log, RunPlan plan, Long versionBefore) {
        return DeltaCommits.since(log, versionBefore == null ? -1 : versionBefore).stream()
                .filter(commit -> plan.id().toString().equals(commit.userMetadataField("runId")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the write finished but no commit of run " + plan.id()
                        + " is in the history of " + plan.table()));
    }
}
