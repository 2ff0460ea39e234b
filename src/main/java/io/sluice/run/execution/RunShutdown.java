package io.sluice.run.execution;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.spark.util.ShutdownHookManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import scala.runtime.BoxedUnit;
import io.sluice.run.RunsProperties;
import io.sluice.run.RunStatus;
import io.sluice.run.RunPlan;
import io.sluice.run.RunOutcome;
import io.sluice.run.ledger.RunLedger;
import io.sluice.run.RunError;
import io.sluice.run.ErrorCode;

/**
 * Graceful shutdown (SIGTERM). Spring has already turned readiness to REFUSING_TRAFFIC; this stops
 * first of all lifecycles, while the web server still answers: new runs get 503, queued runs are
 * CANCELLED, running runs get {@code sluice.runs.shutdown-grace-seconds} to finish, and those still
 * running then are cancelled (their Spark jobs stopped, nothing committed) and recorded CANCELLED.
 */
@Component
class RunShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunShutdown.class);
    /**
     * Above every hook of Spark's (higher runs first): the local executor stops its task pool from a hook
     * of the default priority (100), before the SparkContext's (50); a run then fails at its next stage.
     */
    private static final int BEFORE_SPARK_PRIORITY = ShutdownHookManager.DEFAULT_SHUTDOWN_PRIORITY() + 10;
    /** How long cancelled runs get to stop their Spark jobs and record themselves. */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final RunScheduler scheduler;
    private final RunExecutor executor;
    private final RunLedger ledger;
    private final RunCompletions completions;
    private final RunsProperties properties;
    /** Counted down when the runs are settled; a new one each time the context starts (tests pause and resume contexts). */
    private volatile CountDownLatch settled = new CountDownLatch(0);
    private volatile boolean running;
    private boolean hooked;

    RunShutdown(RunScheduler scheduler, RunExecutor executor, RunLedger ledger, RunCompletions completions, RunsProperties properties) {
        this.scheduler = scheduler;
        this.executor = executor;
        this.ledger = ledger;
        this.completions = completions;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        scheduler.open();
        settled = new CountDownLatch(1);
        running = true;
        if (!hooked) {
            // Spark stops its executor and context from its own JVM shutdown hook, concurrently with Spring's:
            // that would fail running runs at once. This one runs before Spark's and waits until the runs are settled.
            ShutdownHookManager.addShutdownHook(BEFORE_SPARK_PRIORITY, () -> {
                awaitSettled();
                return BoxedUnit.UNIT;
            });
            hooked = true;
        }
    }

    private void awaitSettled() {
        try {
            if (!settled.await(properties.shutdownGraceSeconds() + CANCEL_WAIT.toSeconds() + 5, TimeUnit.SECONDS)) {
                log.warn("Runs not settled in time; Spark stops now");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Also when a context is paused (Spring's test context cache stops inactive contexts), and started again after. */
    @Override
    public synchronized void stop() {
        try {
            settle();
        } finally {
            running = false;
            settled.countDown();
        }
    }

    private void settle() {
        List<RunPlan> queued = scheduler.close();
        for (RunPlan plan : queued) {
            if (ledger.transition(plan.id(), RunStatus.QUEUED, RunStatus.CANCELLED,
                    RunOutcome.failed(null, RunError.of(ErrorCode.CANCELLED, "the service shut down before this run started")))) {
                completions.ended(plan.id());
            }
        }
        try {
            Duration grace = Duration.ofSeconds(properties.shutdownGraceSeconds());
            log.info("Shutting down: {} queued run(s) cancelled, {} running get {} s to finish", queued.size(),
                    scheduler.active().size(), grace.toSeconds());
            if (!scheduler.awaitIdle(grace)) {
                List<UUID> late = scheduler.active();
                late.forEach(id -> executor.cancel(id, "cancelled: the service shut down before this run finished"));
                log.warn("Cancelled {} run(s) still running after the grace period", late.size());
                scheduler.awaitIdle(CANCEL_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: before the web server's graceful shutdown, so late submissions still get a 503. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
