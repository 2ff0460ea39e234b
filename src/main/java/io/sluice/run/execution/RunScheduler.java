package io.sluice.run.execution;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import io.sluice.problem.OverloadedException;
import io.sluice.table.TableName;
import io.sluice.run.RunKind;
import io.sluice.run.RunsProperties;
import io.sluice.run.RunPlan;

/**
 * Admission: one active run per table, the others waiting in submission order; runs on different
 * tables go to a bounded pool and proceed in parallel. The total of waiting runs is bounded too, and a
 * submission takes its place ({@link #reserve}) before it is recorded, so a refusal leaves no run behind.
 */
public class RunScheduler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunScheduler.class);

    /** A table's line: the run that holds it, and those waiting behind. */
    private static final class Lane {
        RunPlan active;
        final Queue<RunPlan> waiting = new ArrayDeque<>();
    }

    /** A place among the waiting runs, held while a submission is recorded: enqueued with its run, or closed unused. */
    public final class Place implements AutoCloseable {
        private boolean held = true;

        @Override
        public void close() {
            synchronized (RunScheduler.this) {
                if (held) {
                    held = false;
                    reserved--;
                }
            }
        }
    }

    /** Executes a run on a pool thread, given how long it waited for one. */
    private final BiConsumer<RunPlan, Duration> runner;
    private final RunsProperties properties;
    private final ThreadPoolExecutor pool;
    private final Map<TableName, Lane> lanes = new HashMap<>();
    private int waiting;
    private int reserved;
    /** With several replicas: the runs QUEUED in the ledger, as last counted; they count against the bound too. */
    private int queuedInLedger;
    private boolean closed;

    RunScheduler(BiConsumer<RunPlan, Duration> runner, RunsProperties properties) {
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

    /** A place for one more run, or 503 when the queue is full or the service is shutting down. */
    public synchronized Place reserve() {
        refuseIfClosed();
        if (waiting + reserved + queuedInLedger >= properties.maxQueued()) {
            throw new OverloadedException("%d runs are waiting, the most sluice.runs.max-queued allows; try again later"
                    .formatted(waiting + reserved + queuedInLedger), Duration.ofSeconds(30));
        }
        reserved++;
        return new Place();
    }

    public synchronized void enqueue(RunPlan plan) {
        try (Place place = reserve()) {
            enqueue(place, plan);
        }
    }

    /** Queues the run in the place reserved for it; 503 only if the service began shutting down meanwhile. */
    public synchronized void enqueue(Place place, RunPlan plan) {
        if (!place.held) {
            throw new IllegalStateException("a place takes one run");
        }
        place.close();
        refuseIfClosed();
        Lane lane = lanes.computeIfAbsent(plan.table(), table -> new Lane());
        lane.waiting.add(plan);
        waiting++;
        dispatch(plan.table(), lane);
    }

    private void refuseIfClosed() {
        if (closed) {
            throw new OverloadedException("the service is shutting down and takes no new runs; submit again to its successor",
                    Duration.ofSeconds(30));
        }
    }

    /**
     * The run that will create the table if it does not exist yet: the first write among the table's
     * executing and waiting runs (a restore creates nothing). Empty if the table has no such run here.
     */
    public synchronized Optional<RunPlan> creator(TableName table) {
        Lane lane = lanes.get(table);
        if (lane == null) {
            return Optional.empty();
        }
        return Stream.concat(Stream.ofNullable(lane.active), lane.waiting.stream()).filter(plan -> plan.operation() == null).findFirst();
    }

    /** Whether a run that operates on the table with this kind (a compaction, a vacuum, a restore) is executing or waiting in its line. */
    public synchronized boolean holds(TableName table, RunKind kind) {
        Lane lane = lanes.get(table);
        return lane != null && Stream.concat(Stream.ofNullable(lane.active), lane.waiting.stream())
                .anyMatch(plan -> plan.operation() != null && plan.operation().kind() == kind);
    }

    /** Takes a run that has not been handed to the pool out of its line; false if it is not waiting. */
    public synchronized boolean withdraw(UUID id) {
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
    public synchronized List<UUID> active() {
        return lanes.values().stream().map(lane -> lane.active).filter(Objects::nonNull).map(RunPlan::id).toList();
    }

    public synchronized int waitingCount() {
        return waiting + queuedInLedger;
    }

    synchronized void queuedInLedger(int count) {
        queuedInLedger = count;
    }

    /** How many more runs could execute now. */
    synchronized int freeSlots() {
        return closed ? 0 : properties.maxConcurrent() - activeCount();
    }

    /** Whether a run executes on the table here now. */
    synchronized boolean runsOn(TableName table) {
        Lane lane = lanes.get(table);
        return lane != null && lane.active != null;
    }

    /**
     * Starts a run taken from the ledger's queue ({@link LedgerQueue}) with its own runner, which holds the table's lease;
     * false if the service is shutting down or a run executes on the table here.
     */
    synchronized boolean start(RunPlan plan, BiConsumer<RunPlan, Duration> leased) {
        if (closed || runsOn(plan.table())) {
            return false;
        }
        lanes.computeIfAbsent(plan.table(), table -> new Lane());
        launch(plan.table(), plan, leased);
        return true;
    }

    public synchronized int activeCount() {
        return (int) lanes.values().stream().filter(lane -> lane.active != null).count();
    }

    private void dispatch(TableName table, Lane lane) {
        if (closed || lane.active != null || lane.waiting.isEmpty()) {
            return;
        }
        RunPlan next = lane.waiting.poll();
        waiting--;
        launch(table, next, runner);
    }

    private void launch(TableName table, RunPlan next, BiConsumer<RunPlan, Duration> with) {
        lanes.get(table).active = next;
        long turn = System.nanoTime();
        pool.execute(() -> {
            try {
                with.accept(next, Duration.ofNanos(System.nanoTime() - turn));
            } finally {
                released(table, next.id());
            }
        });
    }

    private synchronized void released(TableName table, UUID id) {
        Lane lane = lanes.get(table);
        if (lane == null || lane.active == null || !id.equals(lane.active.id())) {
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
