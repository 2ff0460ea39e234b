package io.sluice.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.sluice.problem.EngineUnavailableException;
import io.sluice.spark.EngineWarmup.State;

/** The warm-up's retries, driven by a scripted attempt; the waits are recorded, not slept. */
class WarmupLoopTests {

    final WarmupRetryProperties retry = new WarmupRetryProperties(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(10));
    final List<Duration> waits = new ArrayList<>();

    @Test
    void shouldWaitTwoSecondsDoublingUpToAMinuteBetweenAttempts() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20, 1000).stream().map(retry::delayAfter).map(Duration::toSeconds))
                .containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L, 60L);
    }

    @Test
    void shouldBeReadyAfterOneAttemptThatSucceeds() throws Exception {
        WarmupLoop loop = loop(failingTimes(0));
        assertThat(loop.status().state()).isEqualTo(State.PENDING);

        WarmupStatus status = loop.run(true);

        assertThat(status.state()).isEqualTo(State.READY);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(status.failure()).isNull();
        assertThat(status.tookMillis()).isNotNegative();
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldRetryAfterEachFailureWithAGrowingWaitUntilAnAttemptSucceeds() throws Exception {
        WarmupStatus status = loop(failingTimes(3)).run(true);

        assertThat(status.state()).isEqualTo(State.READY);
        assertThat(status.attempts()).isEqualTo(4);
        assertThat(status.failure()).isNull();
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    }

    @Test
    void shouldReportDownWithTheReasonDuringTheWaitAndDuringTheNextAttempt() throws Exception {
        List<WarmupStatus> during = new ArrayList<>();
        WarmupLoop[] loop = new WarmupLoop[1];
        AtomicInteger calls = new AtomicInteger();
        loop[0] = new WarmupLoop(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("metastore unreachable");
            }
            during.add(loop[0].status()); // the second attempt, running
        }, failure -> "why: " + failure.getMessage(), retry, duration -> during.add(loop[0].status()));

        loop[0].run(true);

        assertThat(during).containsExactly(new WarmupStatus(State.FAILED, 1, "why: metastore unreachable", -1),
                new WarmupStatus(State.FAILED, 2, "why: metastore unreachable", -1));
        assertThat(loop[0].status().state()).isEqualTo(State.READY);
    }

    @Test
    void shouldRefuseWorkWithTheReasonOnlyWhileTheLastAttemptHasFailed() throws Exception {
        List<Optional<EngineUnavailableException>> during = new ArrayList<>();
        WarmupLoop[] loop = new WarmupLoop[1];
        AtomicInteger calls = new AtomicInteger();
        loop[0] = new WarmupLoop(() -> {
            during.add(loop[0].refusal()); // attempts 1 (warming up) and 2 (after a failure)
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("metastore unreachable");
            }
        }, failure -> "why: " + failure.getMessage(), retry, duration -> during.add(loop[0].refusal()));
        assertThat(loop[0].refusal()).as("pending: a run only pays the cold start").isEmpty();

        loop[0].run(true);

        assertThat(during).hasSize(3);
        assertThat(during.get(0)).as("warming up").isEmpty();
        assertThat(during.subList(1, 3)).as("during the wait, then the next attempt").allSatisfy(refusal -> assertThat(refusal).get()
                .extracting(Throwable::getMessage)
                .isEqualTo("the engine is unavailable until its warm-up succeeds (it is retried): why: metastore unreachable"));
        assertThat(during.get(1).get().retryAfter()).as("the wait before attempt 2").isEqualTo(Duration.ofSeconds(2));
        assertThat(during.get(2).get().retryAfter()).as("the wait after attempt 2, should it fail").isEqualTo(Duration.ofSeconds(4));
        assertThat(loop[0].refusal()).as("ready").isEmpty();
    }

    @Test
    void shouldMakeOneAttemptOnlyWhenNotRetrying() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WarmupLoop loop = loop(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("warehouse not writable");
        });

        WarmupStatus status = loop.run(false);

        assertThat(status).isEqualTo(new WarmupStatus(State.FAILED, 1, "warehouse not writable", -1));
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldCountAnAttemptThatDoesNotEndInTimeAsAFailureAndAwaitItRatherThanStartAnother() throws Exception {
        WarmupRetryProperties quick = new WarmupRetryProperties(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMillis(50));
        CountDownLatch answer = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<WarmupStatus> during = new ArrayList<>();
        WarmupLoop[] loop = new WarmupLoop[1];
        loop[0] = new WarmupLoop(() -> {
            calls.incrementAndGet();
            answer.await(); // a metastore that accepts the connection and never replies, until it does
        }, Throwable::getMessage, quick, duration -> {
            during.add(loop[0].status());
            if (during.size() == 2) {
                answer.countDown();
            }
        });

        WarmupStatus status = loop[0].run(true);

        assertThat(during).hasSizeGreaterThanOrEqualTo(2).allMatch(seen -> seen.state() == State.FAILED);
        assertThat(during.get(0).failure()).isEqualTo("the attempt did not end within PT0.05S");
        assertThat(status.state()).isEqualTo(State.READY);
        assertThat(calls).as("the hung attempt was awaited, not joined by another").hasValue(1);
    }

    @Test
    void shouldStopRetryingWhenInterrupted() {
        WarmupLoop loop = new WarmupLoop(failingTimes(Integer.MAX_VALUE), Throwable::getMessage, retry, duration -> {
            throw new InterruptedException("stopping");
        });

        assertThatThrownBy(() -> loop.run(true)).isInstanceOf(InterruptedException.class);
        assertThat(loop.status().state()).isEqualTo(State.FAILED);
    }

    private WarmupLoop loop(WarmupLoop.Attempt attempt) {
        return new WarmupLoop(attempt, Throwable::getMessage, retry, waits::add);
    }

    private static WarmupLoop.Attempt failingTimes(int failures) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (calls.incrementAndGet() <= failures) {
                throw new IllegalStateException("failure " + calls.get());
            }
        };
    }
}
