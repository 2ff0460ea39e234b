package io.sluice.run.execution;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.sluice.run.ledger.RunLedger;

/**
 * With several replicas a cancel may reach a replica that does not run the run: that one records the request in the
 * ledger (as every cancel of a RUNNING run does), and the replica that runs it reads it here and cancels it.
 */
@Component
@ConditionalOnBooleanProperty("sluice.cluster.enabled")
class RemoteCancels {

    private final RunLedger ledger;
    private final RunExecutor executor;

    RemoteCancels(RunLedger ledger, RunExecutor executor) {
        this.ledger = ledger;
        this.executor = executor;
    }

    @Scheduled(fixedDelayString = "${sluice.cluster.wait-interval:1s}")
    void relay() {
        ledger.cancelRequested(executor.executingUncancelled()).forEach(executor::cancel);
    }
}
