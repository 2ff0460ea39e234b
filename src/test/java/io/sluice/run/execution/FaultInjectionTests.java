package io.sluice.run.execution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import io.sluice.write.Checkpoint;

/** Fault injection is on only when a step is set, and a step it does not know stops the start. */
class FaultInjectionTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(FaultInjection.class);

    @Test
    void shouldBeOffUnlessAStepIsSet() {
        context.run(started -> assertThat(started).doesNotHaveBean(Checkpoint.class));
    }

    @Test
    void shouldHaltAtAStepTheConfigurationNames() {
        context.withPropertyValues("sluice.faults.halt-at=partitions-added")
                .run(started -> assertThat(started).hasNotFailed().hasSingleBean(Checkpoint.class));
    }

    @Test
    void shouldRefuseToStartWithAStepItDoesNotKnow() {
        context.withPropertyValues("sluice.faults.halt-at=partition-added").run(started -> assertThat(started).hasFailed()
                .getFailure().rootCause().hasMessageContaining("unknown fault step 'partition-added'; the steps are: before-write"));
    }
}
