package io.sluice.run;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import io.sluice.api.OverloadedException;
import io.sluice.table.TableName;

/**
 * Admission: one active run per table, the others waiting in submission order; runs on different
 * tables go to a bounded pool and proceed in parallel. The total of waiting runs is bounded too.
 */
class RunScheduler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunScheduler.class);

    /** A table's line: the run that holds it, and those waiting behind. */
    private static final class Lane {
        UUID active;
        final Queue<RunPlan> waiting = new ArrayDeque<>();
    }

    private final Consumer<RunPlan> runner;
    private final RunsProperties properties;
    private final ThreadPoolExecutor pool;
    private final Map<TableName, Lane> lanes = new HashMap<>();
    private int waiting;
    private boolean closed;

    RunScheduler(Consumer<RunPlan> runner, RunsProperties properties) {
        this.runner = runner;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(properties.maxConcurrent(), properties.maxConcurrent(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "sluice-run-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    synchronized void enqueue(RunPlan plan) {
        if (closed) {
            throw new OverloadedException("the service is shutting down and takes no new runs; submit again to its successor",
                    Duration.ofSeconds(30));
        }
        if (waiting >= properties.maxQueued()) {
            throw new OverloadedException("%d runs are waiting, the most sluice.runs.max-queued allows; try again later"
                    .formatted(waiting), Duration.ofSeconds(30));
        }
        Lane lane = lanes.computeIfAbsent(plan.table(), table -> new Lane());
        lane.waiting.add(plan);
        waiting++;
        dispatch(plan.table(), lane);
    }

    /** Takes a run that has not been handed to the pool out of its line; false if it is not waiting. */
    synchronized boolean withdraw(UUID id) {
        for (Lane lane : lanes.values()) {
            if (lane.waiting.removeIf(plan -> plan.id().equals(id))) {
                waiting--;
                return true;
            }
        }
        return false;
    }

    /** Shutdown: no run is admitted or started from now on; answers the runs that were waiting. */
    synchronized List<RunPlan> close() {
        closed = true;
        List<RunPlan> dropped = new ArrayList<>();
        lanes.values().forEach(lane -> {
            dropped.addAll(lane.waiting);
            lane.waiting.clear();
        });
        waiting = 0;
        return dropped;
    }

    /** Admits runs again after {@link #close} (a paused context that resumes). */
    synchronized void open() {
        closed = false;
    }

    /** The runs executing now. */
    synchronized List<UUID> active() {
        return lanes.values().stream().map(lane -> lane.active).filter(Objects::nonNull).toList();
    }

    synchronized int waitingCount() {
        return waiting;
    }

    synchronized int activeCount() {
        return (int) lanes.values().stream().filter(lane -> lane.active != null).count();
    }

    private void dispatch(TableName table, Lane lane) {
        if (closed || lane.active != null || lane.waiting.isEmpty()) {
            return;
        }
        RunPlan next = lane.waiting.poll();
        waiting--;
        lane.active = next.id();
        pool.execute(() -> {
            try {
                runner.accept(next);
            } finally {
                released(table, next.id());
            }
        });
    }

    private synchronized void released(TableName table, UUID id) {
        Lane lane = lanes.get(table);
        if (lane == null || !id.equals(lane.active)) {
            return;
        }
        lane.active = null;
        notifyAll();
        if (lane.waiting.isEmpty()) {
            lanes.remove(table);
        } else {
            dispatch(table, lane);
        }
    }

    /** Waits until no run executes, or the time is up; answers whether none does. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!active().isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Last resort after {@link RunShutdown}: what still runs is interrupted and marked at the next start. */
    @Override
    public void destroy() throws InterruptedException {
        close();
        pool.shutdown();
        if (!pool.awaitTermination(properties.shutdownGraceSeconds(), TimeUnit.SECONDS)) {
            log.warn("Runs still executing after {} s of shutdown; they will be marked INTERRUPTED on the next start",
                    properties.shutdownGraceSeconds());
            pool.shutdownNow();
        }
    }
}
