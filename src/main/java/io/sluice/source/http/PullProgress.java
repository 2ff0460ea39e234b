package io.sluice.source.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A pull's live counts, updated by its fetching threads and published (at most once per interval, and
 * on demand) so that {@code GET /api/v1/runs/{id}} shows them while the run is running.
 */
public final class PullProgress {

    /** How many failures a run keeps with their reasons; the count is always exact. */
    static final int FAILURES_KEPT = 50;

    private final Consumer<PullStats> publisher;
    private final long intervalNanos;
    private final AtomicLong lastPublished = new AtomicLong(System.nanoTime());
    private volatile boolean used;
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger noData = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong pages = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final ConcurrentLinkedQueue<PullStats.RequestFailure> failures = new ConcurrentLinkedQueue<>();

    public PullProgress(Consumer<PullStats> publisher, Duration interval) {
        this.publisher = publisher;
        this.intervalNanos = interval.toNanos();
    }

    public static PullProgress untracked() {
        return new PullProgress(stats -> { }, Duration.ofDays(1));
    }

    public void planned(int requests) {
        used = true;
        total.set(requests);
        publish();
    }

    public void staged(int pageRows, long pageBytes) {
        pages.incrementAndGet();
        rows.addAndGet(pageRows);
        bytes.addAndGet(pageBytes);
        publishSometimes();
    }

    public void done() {
        done.incrementAndGet();
        publishSometimes();
    }

    public void noData() {
        noData.incrementAndGet();
        publishSometimes();
    }

    public void skipped() {
        skipped.incrementAndGet();
    }

    public void failed(String request, String reason) {
        if (failed.incrementAndGet() <= FAILURES_KEPT) {
            failures.add(new PullStats.RequestFailure(request, reason));
        }
        publishSometimes();
    }

    /** Whether a pull reported here (only pulls do). */
    public boolean used() {
        return used;
    }

    public PullStats snapshot() {
        int t = total.get();
        int d = done.get();
        int n = noData.get();
        int s = skipped.get();
        int f = failed.get();
        return new PullStats(t, d, n, s, f, Math.max(0, t - d - n - s - f), pages.get(), rows.get(), bytes.get(), List.copyOf(failures));
    }

    public void publish() {
        lastPublished.set(System.nanoTime());
        publisher.accept(snapshot());
    }

    private void publishSometimes() {
        long last = lastPublished.get();
        long now = System.nanoTime();
        if (now - last >= intervalNanos && lastPublished.compareAndSet(last, now)) {
            publisher.accept(snapshot());
        }
    }
}
