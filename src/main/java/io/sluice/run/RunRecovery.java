package io.sluice.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At start-up, before any run is admitted: runs that a previous process left QUEUED or RUNNING
 * (a crash, a kill, a shutdown past its grace period) can no longer finish, and are marked FAILED
 * with error code INTERRUPTED. A Delta write that did not commit left its table as it was.
 */
@Component
class RunRecovery implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

    private final RunLedger ledger;

    RunRecovery(RunLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void afterPropertiesSet() {
        int interrupted = ledger.failAllActive(RunError.of(RunError.INTERRUPTED,
                "the service stopped before this run finished; the table is at its last committed version. Submit the run again"));
        if (interrupted > 0) {
            log.warn("Marked {} run(s) of a previous process as FAILED/INTERRUPTED", interrupted);
        }
    }
}
