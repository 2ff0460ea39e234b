package io.sluice.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import io.sluice.source.SourceContext;
import io.sluice.strategy.SchemaAlignment;
import io.sluice.strategy.SourceDuplicates;
import io.sluice.strategy.WriteRequest;
import io.sluice.strategy.WriteResult;
import io.sluice.strategy.WriteStrategy;
import io.sluice.table.CommitInfo;
import io.sluice.table.DeltaCommits;
import io.sluice.table.TableCatalog;
import io.sluice.table.TableState;

/**
 * Executes one run on its own {@code spark.newSession()} under a Spark job group named by the run
 * id (so it can be cancelled), and records the outcome. Catches everything: a run always ends in a
 * terminal status.
 */
@Component
class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);
    static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
    static final String AUTO_MERGE_SCHEMA = "spark.databricks.delta.schema.autoMerge.enabled";

    private final SparkSession spark;
    private final RunLedger ledger;
    private final TableCatalog catalog;
    private final SourceContext sources;
    private final RunCompletions completions;
    /** Runs executing now, with whether a cancel was asked for. */
    private final Map<UUID, Boolean> executing = new ConcurrentHashMap<>();

    RunExecutor(SparkSession spark, RunLedger ledger, TableCatalog catalog, SourceContext sources, RunCompletions completions) {
        this.spark = spark;
        this.ledger = ledger;
        this.catalog = catalog;
        this.sources = sources;
        this.completions = completions;
    }

    void execute(RunPlan plan) {
        if (!ledger.transition(plan.id(), RunStatus.QUEUED, RunStatus.RUNNING)) {
            return; // cancelled while it waited
        }
        executing.put(plan.id(), false);
        MDC.put("runId", plan.id().toString());
        MDC.put("table", plan.table().toString());
        SparkContext context = spark.sparkContext();
        context.setJobGroup(plan.id().toString(), "sluice run " + plan.id() + " on " + plan.table(), true);
        // FAIR between runs: one pool per executor thread (so their number stays bounded).
        context.setLocalProperty("spark.scheduler.pool", Thread.currentThread().getName());
        Long versionBefore = null;
        try {
            log.info("Run started: {} into {} from {}", plan.strategy().name(), plan.table(), plan.source().describe());
            long start = System.nanoTime();
            SparkSession session = spark.newSession();
            session.conf().set(USER_METADATA, "{\"runId\":\"" + plan.id() + "\"}");
            catalog.ensureDatabase(session, plan.table());
            Optional<TableState> before = catalog.state(session, plan.table());
            TableExpectations.check(plan.requestedFormat(), plan.partitionBy(), before);
            plan.strategy().check(plan.options(), before.map(TableState::partitionBy).orElse(plan.partitionBy()));
            if (before.isEmpty()) {
                catalog.moveAsideOrphanLocation(session, plan.table());
            }
            versionBefore = before.map(TableState::version).orElse(null);
            throwIfCancelled(plan.id());
            long prepared = System.nanoTime();
            Dataset<Row> read = plan.source().read(session, sources);
            if (before.isPresent()) {
                SchemaAlignment.Aligned aligned = SchemaAlignment.align(read, before.get().schema(), before.get().partitionBy(),
                        plan.options().schemaPolicy());
                read = aligned.data();
                // add_columns: the new columns join the table in the data's own commit
                session.conf().set(AUTO_MERGE_SCHEMA, Boolean.toString(aligned.addsColumns()));
            }
            SourceDuplicates.Result source = SourceDuplicates.apply(read, plan.options());
            if (before.isPresent() && source.data().isEmpty()) {
                succeed(plan, versionBefore, versionBefore, RunMetrics.NOTHING_WRITTEN.withStrategyCounts(source.dropped(), List.of(), null));
                log.info("Run succeeded: the source is empty, nothing committed (version {})", versionBefore);
                return;
            }
            WriteRequest write = new WriteRequest(session, plan.table(), before, plan.partitionBy(), source.data(), plan.options());
            WriteResult result = before.isEmpty() ? WriteStrategy.create(write) : plan.strategy().write(write);
            long written = System.nanoTime();
            CommitInfo commit = committedBy(catalog.deltaLog(session, plan.table()), plan, versionBefore);
            succeed(plan, versionBefore, commit.version(),
                    commit.toRunMetrics().withStrategyCounts(source.dropped(), result.partitionsReplaced(), result.rowsReplaced()));
            log.info("Run succeeded: version {} -> {}, {}; prepare {} ms, write {} ms, commit lookup {} ms", versionBefore,
                    commit.version(), commit.operationMetrics(), millis(start, prepared), millis(prepared, written),
                    millis(written, System.nanoTime()));
        } catch (Throwable failure) {
            boolean cancelled = Boolean.TRUE.equals(executing.get(plan.id()));
            RunError error = cancelled ? RunError.of(RunError.CANCELLED, "cancelled by request; nothing was committed")
                    : RunFailures.classify(failure);
            ledger.transition(plan.id(), RunStatus.RUNNING, cancelled ? RunStatus.CANCELLED : RunStatus.FAILED,
                    RunOutcome.failed(versionBefore, error));
            if (cancelled || RunFailures.isUserError(error)) {
                log.warn("Run {}: {} {}", cancelled ? "cancelled" : "failed", error.code(), error.message());
            } else {
                log.error("Run failed: {} {}", error.code(), error.message(), failure);
            }
            if (failure instanceof Error fatal) { // recorded first, then let it surface
                throw fatal;
            }
        } finally {
            context.clearJobGroup();
            context.setLocalProperty("spark.scheduler.pool", null);
            executing.remove(plan.id());
            completions.ended(plan.id());
            MDC.remove("runId");
            MDC.remove("table");
        }
    }

    private void succeed(RunPlan plan, Long versionBefore, Long versionAfter, RunMetrics metrics) {
        ledger.transition(plan.id(), RunStatus.RUNNING, RunStatus.SUCCEEDED, new RunOutcome(versionBefore, versionAfter, metrics, null));
    }

    /**
     * Asks a running run to stop: its Spark jobs are cancelled and it ends CANCELLED, unless its
     * commit already happened (then it ends SUCCEEDED: a commit is never undone by a cancel).
     * Answers false if the run is not executing here.
     */
    boolean cancel(UUID id) {
        if (executing.computeIfPresent(id, (key, flag) -> true) == null) {
            return false;
        }
        spark.sparkContext().cancelJobGroup(id.toString());
        return true;
    }

    private void throwIfCancelled(UUID id) {
        if (Boolean.TRUE.equals(executing.get(id))) {
            throw new IllegalStateException("cancelled");
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** The commit this run made, found by the run id Delta recorded in its commit info. */
    private static CommitInfo committedBy(DeltaLog log, RunPlan plan, Long versionBefore) {
        return DeltaCommits.since(log, versionBefore == null ? -1 : versionBefore).stream()
                .filter(commit -> commit.userMetadata() != null && commit.userMetadata().contains(plan.id().toString()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the write finished but no commit of run " + plan.id()
                        + " is in the history of " + plan.table()));
    }
}
