package io.sluice.run.execution;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.sluice.expectation.ExpectationsFailedException;
import io.sluice.web.EnumNames;
import io.sluice.source.http.PullProgress;
import io.sluice.source.SourceProperties;
import io.sluice.table.TableState;
import io.sluice.run.history.TableHistory;
import io.sluice.run.history.TableRestore;
import io.sluice.run.RunStarted;
import io.sluice.run.RunStatus;
import io.sluice.run.RunPlan;
import io.sluice.run.RunOutcome;
import io.sluice.run.ledger.RunLedger;
import io.sluice.run.RunError;
import io.sluice.run.ErrorCode;
import io.sluice.run.maintenance.TableMaintenance;
import io.sluice.run.RestoreTarget;
import io.sluice.run.Compaction;
import io.sluice.run.Vacuum;
import io.sluice.write.RunSpans;
import io.sluice.write.RunSpans.Phase;

/**
 * The lifecycle of one run: RUNNING, its own {@code spark.newSession()} under a Spark job group named
 * by the run id (so it can be cancelled), the {@link RunPipeline}, and the terminal status. Catches
 * everything: a run always ends in a terminal status.
 */
@Component
public class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final SparkSession spark;
    private final RunLedger ledger;
    private final RunPipeline pipeline;
    private final TableRestore restorer;
    private final TableMaintenance maintenance;
    private final TableHistory history;
    private final RunCompletions completions;
    private final SourceProperties sources;
    private final RunMeters meters;
    private final ApplicationEventPublisher events;
    /** Runs executing now, with why a cancel was asked for ("" while none was). */
    private final Map<UUID, String> executing = new ConcurrentHashMap<>();

    RunExecutor(SparkSession spark, RunLedger ledger, RunPipeline pipeline, TableRestore restorer, TableMaintenance maintenance,
            TableHistory history, RunCompletions completions, SourceProperties sources, RunMeters meters, ApplicationEventPublisher events) {
        this.history = history;
        this.sources = sources;
        this.events = events;
        this.meters = meters;
        this.spark = spark;
        // Spark cancels a group's active jobs only: a cancel landing between two jobs of a run (a write is several) would
        // let the next one run and commit. This cancels every later job of a cancelled run as it starts.
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                String group = start.properties() == null ? null : start.properties().getProperty("spark.jobGroup.id");
                String reason = group == null ? "" : executing.entrySet().stream().filter(e -> e.getKey().toString().equals(group))
                        .map(Map.Entry::getValue).findFirst().orElse("");
                if (!reason.isEmpty()) {
                    spark.sparkContext().cancelJob(start.jobId(), reason);
                }
            }
        });
        this.restorer = restorer;
        this.maintenance = maintenance;
        this.ledger = ledger;
        this.pipeline = pipeline;
        this.completions = completions;
    }

    /** Runs the plan on this thread, {@code handOff} after its turn came (its spans start with that wait). */
    void execute(RunPlan plan, Duration handOff) {
        try (RunSpans spans = RunSpans.open()) {
            spans.add(Phase.QUEUE, handOff.toNanos());
            if (RunSpans.time(Phase.LEDGER, () -> ledger.transition(plan.id(), RunStatus.QUEUED, RunStatus.RUNNING))) {
                execute(plan);
                meters.phases(spans);
            } // else cancelled while it waited
        }
    }

    private void execute(RunPlan plan) {
        executing.put(plan.id(), "");
        MDC.put("runId", plan.id().toString());
        MDC.put("table", plan.table().toString());
        SparkContext context = spark.sparkContext();
        context.setJobGroup(plan.id().toString(), "sluice run " + plan.id() + " on " + plan.table(), true);
        // FAIR between runs: one pool per executor thread (so their number stays bounded).
        context.setLocalProperty("spark.scheduler.pool", Thread.currentThread().getName());
        // Spark copies "mdc."-prefixed local properties into its task threads' MDC: their log lines name the run too
        context.setLocalProperty("mdc.runId", plan.id().toString());
        context.setLocalProperty("mdc.table", plan.table().toString());
        Long versionBefore = null;
        long start = System.nanoTime();
        PullProgress progress = new PullProgress(stats -> ledger.progress(plan.id(), stats), sources.http().progressInterval());
        RunSpans.run(Phase.LISTENERS, () -> started(plan));
        try {
            log.info("Run started: {} into {} from {}", EnumNames.of(plan.kind()), plan.table(), plan.summary().description());
            SparkSession session = RunSpans.time(Phase.SESSION, spark::newSession);
            RunOutcome outcome;
            if (plan.operation() instanceof RestoreTarget) {
                outcome = restorer.restore(plan, session);
            } else if (plan.operation() instanceof Compaction) {
                outcome = maintenance.compact(plan, session);
            } else if (plan.operation() instanceof Vacuum) {
                outcome = maintenance.vacuum(plan, session, history, version -> history.restorableFrom(plan.table(), version, plan.id()));
            } else {
                Optional<TableState> before = RunSpans.time(Phase.TABLE_STATE, () -> pipeline.prepare(plan, session));
                versionBefore = before.map(TableState::version).orElse(null);
                throwIfCancelled(plan.id());
                // the pipeline's time besides its duplicate check and its write: the source read, aligned, checked
                outcome = RunSpans.time(Phase.READ, () -> pipeline.write(plan, session, before, progress, () -> isCancelled(plan.id())));
            }
            RunOutcome succeeded = outcome;
            RunSpans.run(Phase.LEDGER,
                    () -> ledger.transition(plan.id(), RunStatus.RUNNING, RunStatus.SUCCEEDED, withPull(succeeded, progress)));
            RunSpans.run(Phase.LISTENERS,
                    () -> meters.ended(plan, RunStatus.SUCCEEDED, succeeded, Duration.ofNanos(System.nanoTime() - start)));
            log.info("Run succeeded in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (Throwable failure) {
            String cancel = executing.getOrDefault(plan.id(), "");
            boolean cancelled = !cancel.isEmpty();
            RunError error = cancelled ? RunError.of(ErrorCode.CANCELLED, cancel + "; nothing was committed")
                    : RunFailures.classify(failure);
            RunStatus status = cancelled ? RunStatus.CANCELLED : RunStatus.FAILED;
            RunOutcome failed = RunOutcome.failed(versionBefore, error)
                    .withExpectations(failure instanceof ExpectationsFailedException expectations ? expectations.report() : null);
            RunSpans.run(Phase.LEDGER, () -> ledger.transition(plan.id(), RunStatus.RUNNING, status, withPull(failed, progress)));
            RunSpans.run(Phase.LISTENERS, () -> meters.ended(plan, status, failed, Duration.ofNanos(System.nanoTime() - start)));
            if (cancelled || error.code().isUserError()) {
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
            context.setLocalProperty("mdc.runId", null);
            context.setLocalProperty("mdc.table", null);
            executing.remove(plan.id());
            RunSpans.run(Phase.LISTENERS, () -> completions.ended(plan.id()));
            MDC.remove("runId");
            MDC.remove("table");
        }
    }

    /**
     * Asks a running run to stop: its Spark jobs are cancelled and it ends CANCELLED, unless its
     * commit already happened (then it ends SUCCEEDED: a commit is never undone by a cancel).
     * Answers false if the run is not executing here.
     */
    public boolean cancel(UUID id) {
        return cancel(id, "cancelled by request");
    }

    /** The runs executing here that no cancel has reached yet. */
    List<UUID> executingUncancelled() {
        return executing.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
    }

    public boolean cancel(UUID id, String reason) {
        if (executing.computeIfPresent(id, (key, earlier) -> reason) == null) {
            return false;
        }
        spark.sparkContext().cancelJobGroup(id.toString());
        return true;
    }

    /** Tells the listeners of {@link RunStarted}; the run goes on whatever a listener does. */
    private void started(RunPlan plan) {
        try {
            events.publishEvent(new RunStarted(plan));
        } catch (RuntimeException e) {
            log.error("A listener of the start of run {} failed", plan.id(), e);
        }
    }

    private static RunOutcome withPull(RunOutcome outcome, PullProgress progress) {
        return progress.used() ? outcome.withPull(progress.snapshot()) : outcome;
    }

    private boolean isCancelled(UUID id) {
        return !executing.getOrDefault(id, "").isEmpty();
    }

    private void throwIfCancelled(UUID id) {
        if (isCancelled(id)) {
            throw new IllegalStateException("cancelled");
        }
    }
}
