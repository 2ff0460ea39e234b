package io.sluice.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.cluster.TableLeases.Lease;

/**
 * Runs work while holding its table's lease, taken only while no other replica holds the table: renews the lease every
 * third of its length while the work runs, registers the table's {@link CommitFence} so that no commit goes out once the lease
 * is lost, and releases the lease at the end, whatever happened.
 */
public class LeasedRuns implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeasedRuns.class);

    private final TableLeases leases;
    private final ClusterProperties properties;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sluice-lease-renewal");
        thread.setDaemon(true);
        return thread;
    });

    public LeasedRuns(TableLeases leases, ClusterProperties properties) {
        this.leases = leases;
        this.properties = properties;
    }

    /** The table's lease if no other replica holds it now; empty at once otherwise, or when the database does not answer. */
    public Optional<Lease> tryAcquire(String table) {
        try {
            return leases.acquire(table, properties.replicaId(), properties.lease());
        } catch (RuntimeException e) {
            log.warn("Could not take the lease on table {}: {}", table, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Runs {@code work} holding the table's lease, taken with {@link #tryAcquire}; released at the end, whatever happened.
     * {@code location}: the table's, or where its create puts it; its commits are fenced there.
     */
    public void runHolding(Lease acquired, Supplier<Optional<String>> location, Runnable work) {
        AtomicReference<Lease> lease = new AtomicReference<>(acquired);
        AtomicBoolean lost = new AtomicBoolean();
        Duration period = properties.lease().dividedBy(3);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> renew(lease, lost), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            CommitFence.Guard guard = location.get()
                    .map(at -> CommitFence.guard(at, acquired.token(), () -> leases.holds(lease.get(), properties.fenceMargin())))
                    .orElse(() -> {
                    }); // a table still to be created: its first commit creates it, and a second create fails in the catalog
            try {
                work.run();
            } finally {
                guard.close();
            }
        } finally {
            renewal.cancel(false);
            release(lease.get());
        }
    }

    /** Releases a lease taken with {@link #tryAcquire} that no run will hold. */
    public void giveBack(Lease lease) {
        release(lease);
    }

    /**
     * Runs {@code work} holding the table's lease if no other replica holds it now, without waiting and unfenced (settling
     * what a replica that died left); false if another holds it.
     */
    public boolean runIfFree(String table, Runnable work) {
        Optional<Lease> lease = leases.acquire(table, properties.replicaId(), properties.lease());
        if (lease.isEmpty()) {
            return false;
        }
        try {
            work.run();
        } finally {
            release(lease.get());
        }
        return true;
    }

    /** A release that fails (the database unreachable) leaves the lease to expire. */
    private void release(Lease lease) {
        try {
            leases.release(lease);
        } catch (RuntimeException e) {
            log.warn("Could not release the lease on table {}; it expires by itself: {}", lease.table(), e.getMessage());
        }
    }

    /** A renewal refused means the lease is lost for good: the fence then refuses the run's commit. */
    private void renew(AtomicReference<Lease> lease, AtomicBoolean lost) {
        if (lost.get()) {
            return;
        }
        try {
            Optional<Lease> renewed = leases.renew(lease.get(), properties.lease());
            renewed.ifPresent(lease::set);
            if (renewed.isEmpty() && lost.compareAndSet(false, true)) {
                log.warn("Lost the lease on table {} (token {}): its commit will be refused", lease.get().table(), lease.get().token());
            }
        } catch (RuntimeException e) { // the database is unreachable: try again next period, the fence decides at commit
            log.warn("Could not renew the lease on table {}: {}", lease.get().table(), e.getMessage());
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
