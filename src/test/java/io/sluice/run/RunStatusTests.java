package io.sluice.run;

import static io.sluice.run.RunStatus.CANCELLED;
import static io.sluice.run.RunStatus.FAILED;
import static io.sluice.run.RunStatus.QUEUED;
import static io.sluice.run.RunStatus.RUNNING;
import static io.sluice.run.RunStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class RunStatusTests {

    @Test
    void queuedRunsMayStartOrEndWithoutSucceeding() {
        assertThat(Arrays.stream(RunStatus.values()).filter(QUEUED::canTransitionTo)).containsExactly(RUNNING, FAILED, CANCELLED);
    }

    @Test
    void runningRunsMayOnlyEnd() {
        assertThat(Arrays.stream(RunStatus.values()).filter(RUNNING::canTransitionTo)).containsExactly(SUCCEEDED, FAILED, CANCELLED);
    }

    @Test
    void terminalStatusesAreFinal() {
        for (RunStatus terminal : new RunStatus[] { SUCCEEDED, FAILED, CANCELLED }) {
            assertThat(terminal.isTerminal()).isTrue();
            assertThat(Arrays.stream(RunStatus.values()).filter(terminal::canTransitionTo)).isEmpty();
        }
        assertThat(RunStatus.active()).containsExactlyInAnyOrder(QUEUED, RUNNING);
        assertThat(Arrays.stream(RunStatus.values()).filter(RunStatus::isUnsuccessful)).containsExactly(FAILED, CANCELLED);
    }
}
