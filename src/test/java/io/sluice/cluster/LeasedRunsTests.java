package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import io.sluice.cluster.CommitFence.FencedOffException;
import io.sluice.cluster.TableLeases.Lease;
import io.sluice.cluster.TableLeasesContract.ManualClock;

/** Two replicas' runs on one table, on one ledger database: one at a time, each fenced by its lease. */
class LeasedRunsTests {

    private static final String TABLE = "demo.events";
    private static final String LOCATION = "file:/lake/demo.db/events";

    private final ManualClock clock = new ManualClock();
    private TableLeases leases;
    private LeasedRuns replicaA;
    private LeasedRuns replicaB;

    @BeforeEach
    void start() {
        DataSource dataSource = new DriverManagerDataSource("jdbc:h2:mem:leased-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).load().migrate();
        leases = new TableLeases(JdbcClient.create(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                clock);
        replicaA = new LeasedRuns(leases, properties("replica-a"));
        replicaB = new LeasedRuns(leases, properties("replica-b"));
    }

    @AfterEach
    void stop() {
        replicaA.close();
        replicaB.close();
    }

    @Test
    void noReplicaShouldTakeATableAnotherReplicaRunsOnUntilItsLeaseIsReleased() throws Exception {
        CountDownLatch aRuns = new CountDownLatch(1);
        CountDownLatch aMayEnd = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> run(replicaA, () -> {
            aRuns.countDown();
            await(aMayEnd);
        }));
        assertThat(aRuns.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(replicaB.tryAcquire(TABLE)).as("replica-a holds the table").isEmpty();
        assertThat(leases.current(TABLE).orElseThrow().holder()).isEqualTo("replica-a");

        aMayEnd.countDown();
        a.get(10, TimeUnit.SECONDS);
        Lease lease = replicaB.tryAcquire(TABLE).orElseThrow();
        assertThat(lease.token()).as("one lease each").isEqualTo(2);
        replicaB.giveBack(lease);
        assertThat(replicaA.tryAcquire(TABLE)).isPresent();
    }

    @Test
    void aRunWhoseLeaseWasTakenOverShouldHaveItsCommitRefused() throws Exception {
        run(replicaA, () -> {
            CommitFence.check(LOCATION);
            clock.advance(Duration.ofSeconds(31)); // paused past its lease, unrenewed
            assertThat(leases.acquire(TABLE, "replica-b", Duration.ofSeconds(30))).isPresent();
            assertThatThrownBy(() -> CommitFence.check(LOCATION)).isInstanceOf(FencedOffException.class);
        });
        CommitFence.check(LOCATION); // the run ended: its fence is gone
        assertThat(leases.current(TABLE).orElseThrow().holder()).as("a stale release ends nothing").isEqualTo("replica-b");
    }

    @Test
    void aRunThatFailsShouldStillReleaseItsLease() {
        assertThatThrownBy(() -> replicaA.runHolding(replicaA.tryAcquire(TABLE).orElseThrow(), Optional::empty, () -> {
            throw new IllegalStateException("the write failed");
        })).hasMessage("the write failed");
        assertThat(leases.acquire(TABLE, "replica-b", Duration.ofSeconds(30))).isPresent();
    }

    @Test
    void settlingWhatADeadReplicaLeftShouldTakeOnlyATableNoOneHolds() throws Exception {
        CountDownLatch aRuns = new CountDownLatch(1);
        CountDownLatch aMayEnd = new CountDownLatch(1);
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> run(replicaA, () -> {
            aRuns.countDown();
            await(aMayEnd);
        }));
        assertThat(aRuns.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> settled = new ArrayList<>();
        assertThat(replicaB.runIfFree(TABLE, () -> settled.add(TABLE))).as("replica-a runs on it").isFalse();
        assertThat(replicaB.runIfFree("demo.other", () -> settled.add("demo.other"))).isTrue();
        assertThat(settled).containsExactly("demo.other");
        aMayEnd.countDown();
        a.get(10, TimeUnit.SECONDS);
        assertThat(replicaB.runIfFree(TABLE, () -> settled.add(TABLE))).isTrue();
        assertThat(leases.acquire(TABLE, "replica-c", Duration.ofSeconds(30))).as("released after settling").isPresent();
    }

    private static ClusterProperties properties(String replica) {
        return new ClusterProperties(true, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(10), replica);
    }

    private static void run(LeasedRuns replica, Runnable work) {
        replica.runHolding(replica.tryAcquire(TABLE).orElseThrow(), () -> Optional.of(LOCATION), work);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
