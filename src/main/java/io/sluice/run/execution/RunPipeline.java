package io.sluice.run.execution;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.sluice.expectation.ExpectationReport;
import io.sluice.expectation.Expectations;
import io.sluice.source.http.PullProgress;
import tools.jackson.databind.json.JsonMapper;
import io.sluice.source.ReadContext;
import io.sluice.source.ReadContext.WatermarkBound;
import io.sluice.source.SourceContext;
import io.sluice.source.FileListing;
import io.sluice.source.FilesSource;
import io.sluice.source.SourceNotFoundException;
import io.sluice.write.Checkpoint;
import io.sluice.write.FaultStep;
import io.sluice.strategy.SourceDuplicates;
import io.sluice.write.WriteRequest;
import io.sluice.format.TableCatalog;
import io.sluice.table.TableState;
import io.sluice.watermark.WatermarkAdvance;
import io.sluice.write.RunMetrics;
import io.sluice.write.RunSpans;
import io.sluice.write.RunSpans.Phase;
import io.sluice.format.Formats;
import io.sluice.format.Format;
import io.sluice.format.Commit;
import io.sluice.run.RunPlan;
import io.sluice.run.RunOutcome;
import io.sluice.receipt.Receipt;
import io.sluice.receipt.WrittenRows;

/**
 * The data flow of one run, on the run's own session: the table's state and expectations, then the
 * source read, aligned to the table, deduplicated, written by the strategy, and the commit it made.
 */
@Component
class RunPipeline {

    private static final Logger log = LoggerFactory.getLogger(RunPipeline.class);
    static final String EXPECTATIONS = "expectations";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TableCatalog catalog;
    private final SourceContext sources;
    private final Checkpoint checkpoint;
    private final EarlierAttempts earlierAttempt;
    private final IncrementalLoad incremental;
    private final IncrementalFiles incrementalFiles;
    private final Formats formats;
    private final RunExpectations expectations;

    RunPipeline(TableCatalog catalog, SourceContext sources, EarlierAttempts earlierAttempt, IncrementalLoad incremental,
            IncrementalFiles incrementalFiles, Formats formats, RunExpectations expectations, ObjectProvider<Checkpoint> checkpoint) {
        this.incrementalFiles = incrementalFiles;
        this.expectations = expectations;
        this.catalog = catalog;
        this.formats = formats;
        this.sources = sources;
        this.incremental = incremental;
        this.earlierAttempt = earlierAttempt;
        this.checkpoint = checkpoint.getIfAvailable(() -> Checkpoint.NONE);
    }

    /** The table as the run finds it (empty: the run creates it), checked against the plan. */
    Optional<TableState> prepare(RunPlan plan, SparkSession session) {
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
        Optional<EarlierAttempts.Earlier> earlier = earlierAttempt.committed(plan, session, before);
        if (earlier.isPresent()) {
            log.warn("An earlier attempt with idempotency key {} committed already; not writing again", plan.idempotencyKey());
            if (earlier.get().attempt() != null) {
                incrementalFiles.adopt(earlier.get().attempt(), plan.id()); // the files that attempt committed are this run's
            }
            return earlier.get().outcome();
        }
        String watermark = plan.watermark() == null ? null : incremental.current(plan);
        ReadContext context = new ReadContext(session, sources, plan.id(), Instant.now(), watermark == null ? null
                : new WatermarkBound(plan.watermark().column(), watermark, plan.watermark().isInclusive()), progress, cancelled);
        Dataset<Row> read;
        if (plan.source() instanceof FilesSource files && files.isIncremental()) {
            Optional<FileListing.Selection> chosen = incrementalFiles.choose(plan, files, context);
            if (chosen.isEmpty()) {
                if (before.isEmpty()) {
                    throw new SourceNotFoundException("no file under '%s' to load".formatted(files.path()));
                }
                log.info("No file to load that the table has not loaded: nothing committed (version {})", before.get().version());
                return new RunOutcome(before.get().version(), before.get().version(), RunMetrics.NOTHING_WRITTEN, null)
                        .withReceipt(Receipt.NOTHING);
            }
            read = files.read(context, chosen.get());
        } else {
            read = plan.source().read(context);
        }
        // A query read twice may answer differently (rows committed in between): read such a source once, so that the
        // duplicate check, the watermark and the write all see the same rows. Malformed records are set aside from a staged read.
        Dataset<Row> once = plan.source().repeatable() && !RunExpectations.readsBadRecords(plan) ? null : read.localCheckpoint(true);
        try {
            return writeRows(plan, session, before, context, watermark, once != null ? once : read);
        } finally {
            Expectations.release(once);
        }
    }

    private RunOutcome writeRows(RunPlan plan, SparkSession session, Optional<TableState> before, ReadContext context, String watermark,
            Dataset<Row> read) throws NoSuchTableException {
        Expectations.Malformed malformed = RunExpectations.malformed(plan, read);
        if (malformed != null) {
            read = malformed.good();
        }
        if (before.isPresent()) { // add_columns: the new columns join the table in the data's own commit
            read = plan.strategy().align(read, before.get(), plan.options());
        }
        Long readRows = null; // counted only where rows can go below the watermark: elsewhere the rows read are those accounted for
        if (plan.watermark() != null) {
            readRows = watermark == null ? null : read.count();
            read = incremental.beyond(plan, session, before, read, watermark);
        }
        RunExpectations.Applied applied = expectations.apply(plan, session, read, malformed);
        try {
            return writeChecked(plan, session, before, context, watermark, applied.kept() != null ? applied.kept() : read, applied, readRows);
        } finally {
            applied.release();
        }
    }

    private RunOutcome writeChecked(RunPlan plan, SparkSession session, Optional<TableState> before, ReadContext context,
            String watermark, Dataset<Row> read, RunExpectations.Applied applied, Long readRows) throws NoSuchTableException {
        SourceDuplicates.Result source = RunSpans.time(Phase.DUPLICATE_CHECK, () -> SourceDuplicates.apply(read, plan.options()));
        WatermarkAdvance advance = plan.watermark() == null ? null : incremental.advance(plan, source.data(), watermark);
        boolean empty = nothingToWrite(plan, source, applied);
        Format format = before.map(formats::of).orElseGet(() -> formats.of(plan.formatForNewTable()));
        if (before.isPresent() && empty) {
            Long version = before.get().version();
            expectations.quarantine(plan, session, format.name(), context.startedAt(), applied, checkpoint);
            log.info("The source has no{} rows: nothing committed (version {})", plan.watermark() != null ? " new" : "", version);
            plan.source().loaded(context);
            return new RunOutcome(version, version, RunMetrics.NOTHING_WRITTEN.withDroppedAsDuplicates(source.dropped()), null)
                    .withExpectations(applied.report()).withReceipt(receipt(plan, readRows, source, applied.report(), null));
        }
        WriteRequest write = new WriteRequest(plan.id(), session, plan.table(), before, plan.partitionBy(), source.data(), plan.options(),
                commitMetadata(plan, advance, applied.report()), checkpoint);
        long start = System.nanoTime();
        checkpoint.reached(FaultStep.BEFORE_WRITE);
        Commit commit;
        try {
            commit = RunSpans.time(Phase.WRITE, () -> {
                expectations.quarantine(plan, session, format.name(), context.startedAt(), applied, checkpoint);
                return before.isEmpty() ? plan.strategy().create(write, format) : plan.strategy().write(write, format);
            });
        } catch (RuntimeException | NoSuchTableException e) {
            before.ifPresent(table -> format.abandon(session, table, plan.id()));
            undo(plan, session, applied);
            throw e;
        }
        checkpoint.reached(FaultStep.WRITTEN);
        plan.source().loaded(context);
        log.info("Wrote run {} in {} ms", plan.id(), (System.nanoTime() - start) / 1_000_000);
        return new RunOutcome(commit.versionBefore(), commit.versionAfter(), commit.metrics().withDroppedAsDuplicates(source.dropped()),
                null, advance).withExpectations(applied.report()).withReceipt(receipt(plan, readRows, source, applied.report(), commit));
    }

    /**
     * Whether the run has no rows to write: counted by the duplicate check, stated by the request when nothing can filter its
     * rows (no watermark, no rules), or else asked of Spark, a job of its own.
     */
    private static boolean nothingToWrite(RunPlan plan, SourceDuplicates.Result source, RunExpectations.Applied applied) {
        if (source.rows() != null) {
            return source.rows() == 0;
        }
        boolean filtered = plan.watermark() != null || applied != RunExpectations.Applied.NONE;
        OptionalLong stated = filtered ? OptionalLong.empty() : plan.source().rowCount();
        return stated.isPresent() ? stated.getAsLong() == 0 : RunSpans.time(Phase.DUPLICATE_CHECK, () -> source.data().isEmpty());
    }

    /**
     * Where the run's rows went ({@code commit} null: it wrote nothing). The rows given to the write are those the duplicate
     * check counted, so that a keyed write's own counts are checked against them; a blind write's are its own count.
     */
    private static Receipt receipt(RunPlan plan, Long readRows, SourceDuplicates.Result source, ExpectationReport report, Commit commit) {
        WrittenRows written = commit == null ? WrittenRows.NONE : commit.writtenRows();
        long duplicates = source.dropped() == null ? 0 : source.dropped();
        long given = source.rows() != null ? source.rows() - duplicates : written.total();
        long dropped = report == null ? 0 : report.rowsDropped();
        long quarantined = report == null ? 0 : report.rowsQuarantined();
        long read = readRows != null ? readRows + (report == null ? 0 : report.rowsMalformed()) : given + duplicates + dropped + quarantined;
        Long deleted = commit == null ? null : commit.metrics().rowsDeleted();
        Receipt receipt = Receipt.of(read, given, duplicates, dropped, quarantined, written, deleted == null ? 0 : deleted);
        if (!receipt.balanced()) {
            log.error("Run {}: the write's counts {} do not add up to the {} rows it was given (read {}): a bug, please report it",
                    plan.id(), written, given, read);
        }
        return receipt;
    }

    /** The table's commit failed: the quarantine's is taken back (a failure to is logged; a restart does not retry it). */
    private void undo(RunPlan plan, SparkSession session, RunExpectations.Applied applied) {
        try {
            expectations.undo(plan, session, applied);
        } catch (RuntimeException e) {
            log.error("Could not take the quarantined rows of run {} out of {}: remove the rows whose _run_id is the run's", plan.id(),
                    applied.report().quarantineTable(), e);
        }
    }

    /**
     * What the commit records about the run (Delta: userMetadata; Parquet: beside the stage), so that a
     * restart can tell whose commit it is and which watermark it carries.
     */
    private static Map<String, String> commitMetadata(RunPlan plan, WatermarkAdvance advance, ExpectationReport report) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("runId", plan.id().toString());
        if (plan.idempotencyKey() != null) {
            metadata.put("idempotencyKey", plan.idempotencyKey());
        }
        if (advance != null) {
            metadata.putAll(IncrementalLoad.toMetadata(advance));
        }
        if (report != null) { // a restart or a retry answers the run's counts from its commit
            metadata.put(EXPECTATIONS, JSON.writeValueAsString(report));
        }
        return metadata;
    }
}
