package io.sluice.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sluice.write.RunSpans.Phase;

class RunSpansTests {

    @Test
    void shouldCollectOnlyThePhasesThatRanOnTheThreadWhileOpen() {
        RunSpans.run(Phase.WRITE, () -> { }); // nothing open: just the work
        Map<Phase, Long> collected;
        try (RunSpans spans = RunSpans.open()) {
            assertThat(RunSpans.time(Phase.VALIDATION, () -> {
                spin();
                return "planned";
            })).isEqualTo("planned");
            spans.add(Phase.QUEUE, 42);
            collected = collected(spans);
        }
        assertThat(collected.keySet()).containsExactly(Phase.VALIDATION, Phase.QUEUE);
        assertThat(collected.get(Phase.QUEUE)).isEqualTo(42);
    }

    @Test
    void aSpanInsideAnotherShouldCountForItsOwnPhaseOnly() {
        Map<Phase, Long> collected;
        long took;
        try (RunSpans spans = RunSpans.open()) {
            long start = System.nanoTime();
            RunSpans.run(Phase.WRITE, () -> {
                spin();
                RunSpans.run(Phase.COMMIT_LOOKUP, RunSpansTests::spin);
                spin();
            });
            took = System.nanoTime() - start;
            collected = collected(spans);
        }
        assertThat(collected.keySet()).containsExactly(Phase.WRITE, Phase.COMMIT_LOOKUP);
        assertThat(collected.get(Phase.WRITE) + collected.get(Phase.COMMIT_LOOKUP)).as("together no more than the outer span")
                .isLessThanOrEqualTo(took);
    }

    @Test
    void spansOpenedInsideOthersShouldLeaveTheOuterOnesTheirOwn() {
        try (RunSpans outer = RunSpans.open()) {
            try (RunSpans inner = RunSpans.open()) {
                RunSpans.run(Phase.LEDGER, RunSpansTests::spin);
                assertThat(collected(inner).keySet()).containsExactly(Phase.LEDGER);
            }
            RunSpans.run(Phase.SESSION, RunSpansTests::spin);
            assertThat(collected(outer).keySet()).containsExactly(Phase.SESSION);
        }
    }

    private static Map<Phase, Long> collected(RunSpans spans) {
        Map<Phase, Long> collected = new EnumMap<>(Phase.class);
        spans.forEach(collected::put);
        return collected;
    }

    /** Work that takes measurable time without sleeping. */
    private static void spin() {
        long until = System.nanoTime() + 100_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
