package io.sluice.run.api;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import io.sluice.problem.ConflictException;
import io.sluice.problem.EngineAvailability;
import io.sluice.problem.NotFoundException;
import io.sluice.problem.OverloadedException;
import io.sluice.table.TableName;
import tools.jackson.databind.json.JsonMapper;
import io.sluice.run.TableShape;
import io.sluice.run.history.TableRestore;
import io.sluice.run.RunStatus;
import io.sluice.run.execution.LedgerQueue;
import io.sluice.run.execution.RunScheduler;
import io.sluice.run.RunQuery;
import io.sluice.run.RunPreview;
import io.sluice.run.RunPlan;
import io.sluice.run.RunPage;
import io.sluice.run.RunOutcome;
import io.sluice.run.ledger.RunLedger;
import io.sluice.run.execution.RunExecutor;
import io.sluice.run.RunError;
import io.sluice.run.execution.RunCompletions;
import io.sluice.run.Run;
import io.sluice.run.RestoreTarget;
import io.sluice.run.ledger.RequestHash;
import io.sluice.run.ledger.IdempotencyKeys;
import io.sluice.run.EngineProgress;
import io.sluice.run.execution.DryRun;
import io.sluice.run.ErrorCode;
import io.sluice.run.maintenance.TableMaintenance;
import io.sluice.run.maintenance.MaintenancePreview;
import io.sluice.run.maintenance.VacuumPreview;
import io.sluice.run.Vacuum;
import io.sluice.format.TableChanges;
import io.sluice.run.Compaction;
import io.sluice.run.TableOperation;
import io.sluice.table.TableState;
import io.sluice.run.callback.CallbackReport;
import io.sluice.run.callback.Callbacks;
import io.sluice.run.execution.RunMeters;
import io.sluice.write.RunSpans;
import io.sluice.write.RunSpans.Phase;

/** Submits, finds, lists and cancels runs. */
@Service
public class RunService {

    private final RunRequestValidator validator;
    private final RunLedger ledger;
    private final RunScheduler scheduler;
    private final RunExecutor executor;
    private final RunCompletions completions;
    private final DryRun dryRun;
    private final IdempotencyKeys keys;
    private final TableRestore restorer;
    private final TableMaintenance maintenance;
    private final SparkSession spark;
    private final JsonMapper json;
    private final EngineAvailability engine;
    private final TableChanges changes;
    private final Callbacks callbacks;
    private final RunMeters meters;
    private final ObjectProvider<LedgerQueue> ledgerQueue;

    RunService(RunRequestValidator validator, RunLedger ledger, RunScheduler scheduler, RunExecutor executor,
            RunCompletions completions, DryRun dryRun, IdempotencyKeys keys, TableRestore restorer, TableMaintenance maintenance,
            TableChanges changes, SparkSession spark, JsonMapper json, EngineAvailability engine, Callbacks callbacks, RunMeters meters,
            ObjectProvider<LedgerQueue> ledgerQueue) {
        this.meters = meters;
        this.ledgerQueue = ledgerQueue;
        this.changes = changes;
        this.callbacks = callbacks;
        this.engine = engine;
        this.restorer = restorer;
        this.maintenance = maintenance;
        this.spark = spark;
        this.validator = validator;
        this.ledger = ledger;
        this.keys = keys;
        this.scheduler = scheduler;
        this.executor = executor;
        this.completions = completions;
        this.dryRun = dryRun;
        this.json = json;
    }

    /** A submission's answer: the run, and whether it is an earlier run its idempotency key stands for. */
    public record Submission(Run run, boolean replayed) {
    }

    /**
     * Validates, records the run as QUEUED and hands it to the scheduler. Past the queue bound, or while the engine's
     * warm-up has failed, it is a 503 and nothing is recorded: the caller has the answer at once and no run to look
     * up, and a key it sent can be sent again. With an idempotency key: the
     * key's run if it is queued, running or succeeded (409 if the key came with another request); a new
     * attempt linked to it if it failed or was cancelled.
     */
    public Submission submit(RunRequest request) {
        try (RunSpans spans = RunSpans.open()) {
            Submission submission = submitTimed(request);
            meters.phases(spans);
            return submission;
        }
    }

    private Submission submitTimed(RunRequest request) {
        String key = request.idempotencyKey();
        if (key == null) {
            RunPlan plan = plan(request);
            Run run = queued(plan);
            try (RunScheduler.Place place = scheduler.reserve()) {
                RunSpans.run(Phase.LEDGER, () -> {
                    ledger.insert(run, json.writeValueAsString(request));
                    registerCallback(run, request);
                });
                return new Submission(enqueue(place, run, plan), false);
            }
        }
        String hash = RequestHash.of(json.writeValueAsString(request.withoutIdempotencyKey()));
        for (int attempt = 0; attempt < 10; attempt++) {
            Optional<IdempotencyKeys.Claim> claim = RunSpans.time(Phase.LEDGER, () -> keys.find(key));
            if (claim.isPresent() && !claim.get().requestHash().equals(hash)) {
                throw new ConflictException("Idempotency-Key '%s' was used with a different request (run %s); a new request needs a new key"
                        .formatted(key, claim.get().runId()));
            }
            Run current = claim.isEmpty() ? null : get(claim.get().runId());
            if (current != null && !current.status().isUnsuccessful()) {
                return new Submission(current, true);
            }
            RunPlan plan = current == null ? plan(request) : plan(request).retrying(current.id());
            Run run = queued(plan);
            try (RunScheduler.Place place = scheduler.reserve()) { // refused here, the key stays unclaimed (or with its failed attempt)
                if (RunSpans.time(Phase.LEDGER, () -> current == null ? keys.claim(run, json.writeValueAsString(request), hash)
                        : keys.retry(run, json.writeValueAsString(request)))) {
                    RunSpans.run(Phase.LEDGER, () -> registerCallback(run, request));
                    return new Submission(enqueue(place, run, plan), false);
                }
            }
            // another submission of this key won the race: answer with its run
        }
        throw new ConflictException("Idempotency-Key '%s' is being submitted concurrently; try again".formatted(key));
    }

    /** Before the run is queued: however soon it ends, its end finds the callback. */
    private void registerCallback(Run run, RunRequest request) {
        if (request.callback() != null) {
            callbacks.register(run.id(), request.callback());
        }
    }

    /** Planning reads the catalog: with the engine unavailable that would fail after the metastore client's retries. */
    private RunPlan plan(RunRequest request) {
        return RunSpans.time(Phase.VALIDATION, () -> {
            engine.check();
            return validator.plan(request);
        });
    }

    private static Run queued(RunPlan plan) {
        return Run.queued(plan.id(), plan.table().toString(), plan.kind(), plan.shape().format(), plan.shape().partitionBy(),
                plan.summary(), RunLedger.now(), plan.idempotencyKey(), plan.retryOf());
    }

    /**
     * A run recorded in its place; if shutdown began since the place was taken, it is marked FAILED, not lost. With several
     * replicas the ledger is the queue: the run is recorded QUEUED already, and whichever replica has a free slot takes it.
     */
    private Run enqueue(RunScheduler.Place place, Run run, RunPlan plan) {
        LedgerQueue shared = ledgerQueue.getIfAvailable();
        if (shared != null) {
            place.close();
            shared.wake();
            return run;
        }
        try {
            scheduler.enqueue(place, plan);
        } catch (OverloadedException e) {
            ledger.transition(run.id(), RunStatus.QUEUED, RunStatus.FAILED,
                    RunOutcome.failed(null, RunError.of(ErrorCode.REJECTED, e.getMessage())));
            completions.ended(run.id());
            throw e;
        }
        return run;
    }

    /** Queues a run that restores the table to a version or timestamp; refused at once if it cannot succeed or would change nothing. */
    public Run restore(TableName table, RestoreTarget target) {
        engine.check();
        validator.checkWritable(table);
        TableShape shape = TableShape.of(restorer.check(RunPlan.of(table, target, null), spark.newSession()));
        return queue(RunPlan.of(table, target, shape));
    }

    /** Queues a run that compacts the table's partitions with many small files; 404 without the table, 422 for bad thresholds. */
    public Run compact(TableName table, Integer minFiles, Long targetFileSize) {
        engine.check();
        validator.checkWritable(table);
        Compaction compaction = maintenance.compaction(minFiles, targetFileSize);
        return queue(RunPlan.of(table, compaction, TableShape.of(maintenance.table(table, spark.newSession()))));
    }

    /** Records and queues a run that operates on its table (a restore, a compaction); the operation is its request. */
    private Run queue(RunPlan plan) {
        Run run = queued(plan);
        try (RunScheduler.Place place = scheduler.reserve()) {
            ledger.insert(run, json.writeValueAsString(plan.operation()));
            return enqueue(place, run, plan);
        }
    }

    /** Queues a run that vacuums the table; 404 without the table, 422 below the minimum retention. */
    public Run vacuum(TableName table, Long retentionHours, Integer keepChanges) {
        engine.check();
        validator.checkWritable(table);
        Vacuum vacuum = maintenance.vacuum(retentionHours, keepChanges);
        TableState state = maintenance.table(table, spark.newSession());
        return queue(RunPlan.of(table, vacuum, TableShape.of(state)));
    }

    /** What a vacuum would delete now; nothing is deleted and no run is recorded. */
    public VacuumPreview previewVacuum(TableName table, Long retentionHours, Integer keepChanges) {
        engine.check();
        Vacuum vacuum = maintenance.vacuum(retentionHours, keepChanges);
        return maintenance.preview(table, vacuum, spark.newSession(), changes);
    }

    /**
     * Queues a maintenance run the table's policy asks for (a compaction after a write, a vacuum on schedule), recorded like
     * one asked for by hand; its source summary says it is automatic. 503 when the queue is full.
     */
    public Run maintainAutomatically(TableName table, TableState state, TableOperation operation) {
        validator.checkWritable(table); // the databases Sluice may write may have changed since the table's writes
        return queue(RunPlan.of(table, operation, TableShape.of(state)));
    }

    /** What a compaction would rewrite; nothing is written and no run is recorded. */
    public MaintenancePreview previewCompaction(TableName table, Integer minFiles, Long targetFileSize) {
        engine.check();
        return maintenance.preview(table, maintenance.compaction(minFiles, targetFileSize), spark.newSession());
    }

    /** Queues a run that undoes the given run, which must be its table's latest change (else 409). */
    public Run rollback(UUID id) {
        Run undone = get(id);
        return restore(TableName.parse("table", undone.table()), RestoreTarget.rollback(id));
    }

    /** What the run would do; nothing is committed and no run is recorded. */
    public RunPreview dryRun(RunRequest request) {
        engine.check();
        return dryRun.explain(validator.plan(request, false));
    }

    /** The run as the ledger has it; while it runs, with Spark's progress on its jobs. */
    public Run get(UUID id) {
        Run run = ledger.find(id).orElseThrow(() -> new NotFoundException("run", "no run with id " + id));
        return run.status() == RunStatus.RUNNING ? run.withEngine(engineProgress(id)) : run;
    }

    EngineProgress engineProgress(UUID id) {
        SparkContext context = spark.sparkContext();
        return EngineProgress.of(JavaSparkContext.fromSparkContext(context).statusTracker(), id.toString(),
                context.uiWebUrl().isDefined() ? context.uiWebUrl().get() : null);
    }

    /** The run once it has ended, or as it is after {@code wait} (long poll for orchestrators). */
    public Run await(UUID id, Duration wait) {
        Run run = get(id);
        if (run.status().isActive() && !wait.isZero()) {
            completions.await(id, wait, () -> get(id).status().isTerminal());
            run = get(id);
        }
        return run;
    }

    /** The run's callback and its delivery attempts; 404 without the run, or when it has no callback. */
    public CallbackReport callback(UUID id) {
        get(id);
        return callbacks.report(id).orElseThrow(() -> new NotFoundException("callback", "run " + id + " has no callback"));
    }

    public RunPage list(RunQuery query) {
        return ledger.list(query);
    }

    /**
     * Cancels a queued run at once, or asks a running one to stop (it ends CANCELLED when its Spark
     * jobs have stopped). A finished run cannot be cancelled (409).
     */
    public Run cancel(UUID id) {
        Run run = get(id);
        if (run.status() == RunStatus.QUEUED) {
            scheduler.withdraw(id);
            if (ledger.transition(id, RunStatus.QUEUED, RunStatus.CANCELLED,
                    RunOutcome.failed(null, RunError.of(ErrorCode.CANCELLED, "cancelled by request before it started")))) {
                completions.ended(id);
                return get(id);
            }
            run = get(id); // it started meanwhile
        }
        if (run.status() == RunStatus.RUNNING) {
            ledger.markCancelRequested(id);
            executor.cancel(id);
            return get(id);
        }
        throw new ConflictException("run %s is already %s and cannot be cancelled".formatted(id, run.status()));
    }
}
