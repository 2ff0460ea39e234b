package io.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.sluice.cluster.TableLeases.Lease;

/** What the table leases guarantee, on every database the ledger runs on (subclasses give the database). */
abstract class TableLeasesContract {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final String TABLE = "demo.events";

    /** A clock the tests move: expiry without sleeping. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-06T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final ManualClock clock = new ManualClock();
    TableLeases leases;

    abstract DataSource dataSource();

    @BeforeEach
    void migrate() {
        DataSource dataSource = dataSource();
        Flyway.configure().dataSource(dataSource).cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource).load().migrate();
        leases = new TableLeases(JdbcClient.create(dataSource), new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                clock);
    }

    @Test
    void aTableShouldHaveOneHolderUntilItsLeaseExpiresAndThenTheNextWithAGreaterToken() {
        Lease first = leases.acquire(TABLE, "replica-a", LEASE).orElseThrow();
        assertThat(first.token()).isEqualTo(1);
        assertThat(first.expiresAt()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(leases.acquire(TABLE, "replica-b", LEASE)).as("held by replica-a").isEmpty();
        assertThat(leases.acquire("demo.other", "replica-b", LEASE)).as("another table's lease is free").isPresent();

        clock.advance(Duration.ofSeconds(20));
        Lease renewed = leases.renew(first, LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(20));
        assertThat(leases.acquire(TABLE, "replica-b", LEASE)).as("renewed 20 s ago for 30 s").isEmpty();
        assertThat(leases.holds(renewed, Duration.ofSeconds(5))).isTrue();

        clock.advance(Duration.ofSeconds(11)); // replica-a stopped renewing: its lease expired
        assertThat(leases.holds(renewed, Duration.ZERO)).isFalse();
        Lease second = leases.acquire(TABLE, "replica-b", LEASE).orElseThrow();
        assertThat(second.token()).isEqualTo(2);
        assertThat(leases.renew(renewed, LEASE)).as("a lease taken over is not renewed").isEmpty();
        leases.release(renewed);
        assertThat(leases.holds(second, Duration.ZERO)).as("a stale release ends nothing").isTrue();
        assertThat(leases.current(TABLE)).contains(second);
    }

    @Test
    void aReleasedLeaseShouldBeFreeAtOnceAndItsTokenShouldKeepGrowing() {
        Lease first = leases.acquire(TABLE, "replica-a", LEASE).orElseThrow();
        leases.release(first);
        assertThat(leases.holds(first, Duration.ZERO)).isFalse();
        Lease second = leases.acquire(TABLE, "replica-b", LEASE).orElseThrow();
        Lease again = leases.acquire(TABLE, "replica-b", LEASE).orElseThrow();
        assertThat(List.of(first.token(), second.token(), again.token())).containsExactly(1L, 2L, 3L);
        assertThat(leases.holds(second, Duration.ZERO)).as("its holder took it again: the older token is fenced off").isFalse();
        assertThat(leases.holds(again, Duration.ZERO)).isTrue();
    }

    @Test
    void theFenceShouldRefuseALeaseThatExpiresWithinTheMargin() {
        Lease lease = leases.acquire(TABLE, "replica-a", LEASE).orElseThrow();
        clock.advance(Duration.ofSeconds(25));
        assertThat(leases.holds(lease, Duration.ofSeconds(4))).isTrue();
        assertThat(leases.holds(lease, Duration.ofSeconds(5))).as("expires at the margin's end").isFalse();
    }

    @Test
    void replicasAcquiringAFreeTableAtOnceShouldGetOneLeaseBetweenThem() throws Exception {
        int replicas = 8;
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<Lease>>> attempts = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                String holder = "replica-" + i;
                attempts.add(pool.submit(() -> {
                    start.await();
                    return leases.acquire(TABLE, holder, LEASE);
                }));
            }
            start.countDown();
            List<Lease> acquired = new ArrayList<>();
            for (Future<Optional<Lease>> attempt : attempts) {
                attempt.get().ifPresent(acquired::add);
            }
            assertThat(acquired).hasSize(1);
            assertThat(acquired.get(0).token()).isEqualTo(1);
            assertThat(leases.current(TABLE)).contains(acquired.get(0));
        } finally {
            pool.shutdownNow();
        }
    }
}
