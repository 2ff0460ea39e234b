package io.sluice.spark;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.problem.EngineUnavailableException;

/**
 * Makes warm-up attempts until one succeeds: each bounded by {@code attemptTimeout}, each failure logged once with
 * what to fix and followed by a growing wait. Knows nothing of Spark: the attempt, the wording of its failures and the
 * waiting are given, so that tests drive it.
 */
final class WarmupLoop {

    /** One warm-up attempt; returns normally when the engine is warm. */
    @FunctionalInterface
    interface Attempt {
        void run() throws Exception;
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(WarmupLoop.class);

    private final Attempt attempt;
    private final Function<Throwable, String> describe;
    private final WarmupRetryProperties retry;
    private final Sleeper sleeper;
    private volatile WarmupStatus status = WarmupStatus.PENDING;

    WarmupLoop(Attempt attempt, Function<Throwable, String> describe, WarmupRetryProperties retry, Sleeper sleeper) {
        this.attempt = attempt;
        this.describe = describe;
        this.retry = retry;
        this.sleeper = sleeper;
    }

    WarmupStatus status() {
        return status;
    }

    /**
     * While the last attempt has failed (until one succeeds), work that needs the engine is refused at once rather than
     * each request waiting for the catalog to fail it again; come back after the wait before the next attempt. A
     * warm-up that has not failed refuses nothing: a run submitted meanwhile only pays the cold start.
     */
    Optional<EngineUnavailableException> refusal() {
        WarmupStatus current = status;
        if (current.state() != EngineWarmup.State.FAILED) {
            return Optional.empty();
        }
        return Optional.of(new EngineUnavailableException("the engine is unavailable until its warm-up succeeds (it is retried): "
                + current.failure(), retry.delayAfter(Math.max(1, current.attempts()))));
    }

    /**
     * Attempts until the engine is warm, or once only without {@code retrying}; answers the last status. An interrupt
     * (shutdown) ends it early.
     */
    WarmupStatus run(boolean retrying) throws InterruptedException {
        // Attempts run on their own thread so that one which hangs can be reported. A hung attempt still holds the
        // engine (the Hive client is locked), so the next attempt waits for that one instead of piling up threads.
        ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "sluice-engine-warmup-attempt");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Long> current = null;
            boolean ended = true; // the last attempt failed (or there was none): a new one may start
            while (true) {
                status = status.warming();
                if (ended) {
                    current = worker.submit(this::timedAttempt);
                    ended = false;
                }
                try {
                    long millis = current.get(retry.attemptTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    status = status.ready(millis);
                    log.info("Engine warmed up in {} ms{}", millis, status.attempts() > 1 ? " (attempt " + status.attempts() + ")" : "");
                    return status;
                } catch (ExecutionException e) {
                    ended = true;
                    failed(e.getCause(), retrying);
                } catch (TimeoutException e) { // still running: the next round awaits it again, and takes its success too
                    failed(new TimeoutException("the attempt did not end within " + retry.attemptTimeout()), retrying);
                }
                if (!retrying) {
                    return status;
                }
                sleeper.sleep(retry.delayAfter(status.attempts()));
            }
        } finally {
            worker.shutdownNow();
        }
    }

    private long timedAttempt() throws Exception {
        long start = System.nanoTime();
        attempt.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private void failed(Throwable failure, boolean retrying) {
        boolean first = status.state() != EngineWarmup.State.FAILED;
        status = status.failed(describe.apply(failure));
        String next = retrying ? "; readiness is DOWN, next attempt in " + retry.delayAfter(status.attempts()).toSeconds() + " s"
                : "; readiness is DOWN";
        if (first) { // the trace once: the attempts after it fail the same way, usually
            log.error("Engine warm-up attempt {} failed: {}{}", status.attempts(), status.failure(), next, failure);
        } else {
            log.error("Engine warm-up attempt {} failed: {}{}", status.attempts(), status.failure(), next);
        }
    }
}
