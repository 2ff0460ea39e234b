package io.sluice.run.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sluice.problem.OverloadedException;
import io.sluice.source.InlineSource;
import io.sluice.write.WriteOptions;
import io.sluice.table.TableFormat;
import io.sluice.table.TableName;
import io.sluice.run.TableShape;
import io.sluice.run.RunsProperties;
import io.sluice.run.RunPlan;
import io.sluice.run.RestoreTarget;
import io.sluice.run.Compaction;
import io.sluice.run.RunKind;

/** Admission without the engine: each "run" blocks until the test releases it. */
class RunSchedulerTests {

    final List<String> started = new CopyOnWriteArrayList<>();
    final Map<UUID, CountDownLatch> release = new ConcurrentHashMap<>();
    final RunScheduler scheduler = new RunScheduler((plan, handOff) -> {
        started.add(plan.table() + "#" + plan.id());
        await(release.get(plan.id()));
    }, new RunsProperties(4, 3, 1, Duration.ofDays(30), Duration.ofHours(1)));

    @AfterEach
    void stop() throws InterruptedException {
        release.values().forEach(CountDownLatch::countDown);
        scheduler.destroy();
    }

    @Test
    void shouldRunOneRunPerTableAtATimeInSubmissionOrder() {
        RunPlan first = plan("a.t");
        RunPlan second = plan("a.t");
        scheduler.enqueue(first);
        scheduler.enqueue(second);
        waitUntil(() -> started.size() == 1);
        assertThat(scheduler.activeCount()).isEqualTo(1);
        assertThat(scheduler.waitingCount()).isEqualTo(1);

        release.get(first.id()).countDown();
        waitUntil(() -> started.size() == 2);
        assertThat(started).containsExactly(label(first), label(second));
    }

    @Test
    void shouldRunDifferentTablesInParallel() {
        RunPlan a = plan("a.t");
        RunPlan b = plan("b.t");
        scheduler.enqueue(a);
        scheduler.enqueue(b);
        waitUntil(() -> started.size() == 2);
        assertThat(scheduler.activeCount()).isEqualTo(2);
    }

    @Test
    void shouldWithdrawAWaitingRunSoItNeverStarts() {
        RunPlan first = plan("a.t");
        RunPlan second = plan("a.t");
        scheduler.enqueue(first);
        scheduler.enqueue(second);
        assertThat(scheduler.withdraw(second.id())).isTrue();
        assertThat(scheduler.withdraw(first.id())).as("already executing").isFalse();
        release.get(first.id()).countDown();
        waitUntil(() -> scheduler.activeCount() == 0);
        assertThat(started).containsExactly(label(first));
    }

    @Test
    void shouldRefuseRunsPastTheQueueBound() {
        scheduler.enqueue(plan("a.t")); // executing
        scheduler.enqueue(plan("a.t"));
        scheduler.enqueue(plan("a.t"));
        scheduler.enqueue(plan("a.t")); // three waiting: the bound
        assertThatThrownBy(() -> scheduler.enqueue(plan("a.t"))).isInstanceOf(OverloadedException.class)
                .satisfies(e -> assertThat(((OverloadedException) e).retryAfter()).isPositive());
    }

    @Test
    void aPlaceHeldWhileARunIsRecordedShouldCountTowardsTheBoundUntilItIsUsedOrClosed() {
        scheduler.enqueue(plan("a.t")); // executing
        RunScheduler.Place first = scheduler.reserve();
        RunScheduler.Place second = scheduler.reserve();
        RunScheduler.Place third = scheduler.reserve();
        assertThatThrownBy(scheduler::reserve).isInstanceOf(OverloadedException.class).hasMessageContaining("3 runs are waiting");

        second.close();
        second.close(); // a place is given back once
        RunPlan waiting = plan("a.t");
        scheduler.enqueue(first, waiting);
        assertThat(scheduler.waitingCount()).isEqualTo(1);
        assertThatThrownBy(() -> scheduler.enqueue(first, plan("a.t"))).as("a place takes one run")
                .isInstanceOf(IllegalStateException.class);
        RunScheduler.Place fourth = scheduler.reserve();
        assertThatThrownBy(scheduler::reserve).isInstanceOf(OverloadedException.class);
        third.close();
        fourth.close();
        assertThat(scheduler.withdraw(waiting.id())).isTrue();
    }

    @Test
    void theCreatorOfATableShouldBeItsFirstExecutingOrWaitingWrite() {
        RunPlan restore = new RunPlan(UUID.randomUUID(), TableName.parse("table", "a.t"), null, null, List.of(), null, WriteOptions.NONE,
                null, null, null, RestoreTarget.rollback(UUID.randomUUID()), null, null);
        release.put(restore.id(), new CountDownLatch(1));
        RunPlan write = plan("a.t");
        scheduler.enqueue(restore);
        scheduler.enqueue(write);
        scheduler.enqueue(plan("a.t"));
        waitUntil(() -> started.size() == 1);

        assertThat(scheduler.creator(TableName.parse("table", "a.t"))).as("a restore creates nothing").contains(write);
        assertThat(scheduler.creator(TableName.parse("table", "b.t"))).isEmpty();
        release.get(restore.id()).countDown();
        waitUntil(() -> started.size() == 2);
        assertThat(scheduler.creator(TableName.parse("table", "a.t"))).as("executing").contains(write);
    }

    @Test
    void shouldRefuseNewRunsAndHandBackTheWaitingOnesWhenClosedForShutdown() throws InterruptedException {
        RunPlan running = plan("db.t");
        RunPlan waiting = plan("db.t");
        scheduler.enqueue(running);
        scheduler.enqueue(waiting);
        waitUntil(() -> started.size() == 1);

        assertThat(scheduler.close()).containsExactly(waiting);
        assertThatThrownBy(() -> scheduler.enqueue(plan("db.u"))).isInstanceOf(OverloadedException.class)
                .hasMessageContaining("shutting down");
        assertThatThrownBy(scheduler::reserve).as("refused before anything is recorded").isInstanceOf(OverloadedException.class);
        assertThat(scheduler.active()).containsExactly(running.id());
        assertThat(scheduler.awaitIdle(Duration.ofMillis(50))).isFalse();

        release.get(running.id()).countDown();
        assertThat(scheduler.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(started).hasSize(1); // the waiting run never started
    }

    @Test
    void shouldSayWhetherAMaintenanceRunOfAKindIsInATablesLine() {
        RunPlan write = plan("a.t");
        RunPlan compaction = RunPlan.of(TableName.parse("table", "a.t"), new Compaction(2, 1 << 20), new TableShape(TableFormat.DELTA,
                List.of(), null));
        release.put(compaction.id(), new CountDownLatch(1));
        scheduler.enqueue(write);
        assertThat(scheduler.holds(TableName.parse("table", "a.t"), RunKind.COMPACT)).isFalse();
        scheduler.enqueue(compaction);
        assertThat(scheduler.holds(TableName.parse("table", "a.t"), RunKind.COMPACT)).as("waiting").isTrue();
        assertThat(scheduler.holds(TableName.parse("table", "a.t"), RunKind.VACUUM)).isFalse();
        assertThat(scheduler.holds(TableName.parse("table", "b.t"), RunKind.COMPACT)).isFalse();
        release.get(write.id()).countDown();
        waitUntil(() -> started.contains(label(compaction)));
        assertThat(scheduler.holds(TableName.parse("table", "a.t"), RunKind.COMPACT)).as("executing").isTrue();
        release.get(compaction.id()).countDown();
        waitUntil(() -> scheduler.activeCount() == 0);
        assertThat(scheduler.holds(TableName.parse("table", "a.t"), RunKind.COMPACT)).isFalse();
    }

    private RunPlan plan(String table) {
        UUID id = UUID.randomUUID();
        release.put(id, new CountDownLatch(1));
        return new RunPlan(id, TableName.parse("table", table), null, null, List.of(),
                new InlineSource("id BIGINT", List.of()), WriteOptions.NONE, null, null, null, null,
                new TableShape(TableFormat.DELTA, List.of(), null), null);
    }

    private static String label(RunPlan plan) {
        return plan.table() + "#" + plan.id();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
