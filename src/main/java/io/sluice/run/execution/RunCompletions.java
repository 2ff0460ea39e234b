package io.sluice.run.execution;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import io.sluice.run.RunEnded;

/**
 * Lets a request wait for a run to end (long poll) instead of polling in a loop: one HTTP request
 * per run, an answer the moment it ends, and no polling load on the engine's cores.
 */
@Component
public class RunCompletions {

    private static final Logger log = LoggerFactory.getLogger(RunCompletions.class);

    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final Map<UUID, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private final ApplicationEventPublisher events;

    RunCompletions(ApplicationEventPublisher events) {
        this.events = events;
    }

    /**
     * Waits until {@link #ended} is called for {@code id} or {@code timeout} passes; {@code hasEnded} reads the ledger, every
     * second too: with several replicas the run may end on another one.
     */
    public void await(UUID id, Duration timeout, BooleanSupplier hasEnded) {
        CompletableFuture<Void> ending = waiting.computeIfAbsent(id, key -> new CompletableFuture<>());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!hasEnded.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return; // answer with the run as it is now
                }
                try {
                    ending.get(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
                    return;
                } catch (TimeoutException notYet) {
                    // read the ledger again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        } finally {
            waiting.remove(id, ending);
        }
    }

    /** Called after a run's terminal status is in the ledger: wakes its waiters, then tells the listeners of {@link RunEnded}. */
    public void ended(UUID id) {
        CompletableFuture<Void> ending = waiting.remove(id);
        if (ending != null) {
            ending.complete(null);
        }
        try {
            events.publishEvent(new RunEnded(id));
        } catch (RuntimeException e) { // the run has ended whatever a listener does
            log.error("A listener of the end of run {} failed", id, e);
        }
    }
}
