package io.sluice.run.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BackoffTests {

    @Test
    void shouldWaitTheInitialBackoffThenTwiceTheWaitBeforeUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30));

        assertThat(IntStream.rangeClosed(1, 7).mapToObj(backoff::after)).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }

    @Test
    void shouldStayAtTheCapHoweverManyAttemptsFailed() {
        Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));

        assertThat(backoff.after(40)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.after(1000)).isEqualTo(Duration.ofMinutes(5));
    }
}
