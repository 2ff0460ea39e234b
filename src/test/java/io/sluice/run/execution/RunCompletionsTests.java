package io.sluice.run.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RunCompletionsTests {

    final RunCompletions completions = new RunCompletions(event -> { });

    @Test
    void shouldWakeTheWaiterWhenTheRunEnds() throws Exception {
        UUID id = UUID.randomUUID();
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            completions.await(id, Duration.ofSeconds(30), () -> false);
            return System.nanoTime() - start;
        });
        Thread.sleep(200);
        completions.ended(id);
        assertThat(waited.get(5, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void shouldNotWaitForARunThatEndedBeforeTheWaiterCame() {
        long start = System.nanoTime();
        completions.await(UUID.randomUUID(), Duration.ofSeconds(30), () -> true);
        assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void shouldAnswerAfterTheTimeoutWhenTheRunGoesOn() {
        long start = System.nanoTime();
        completions.await(UUID.randomUUID(), Duration.ofMillis(100), () -> false);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }
}
