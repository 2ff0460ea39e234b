package io.sluice.run.execution;

import io.sluice.run.RunPlan;
import io.sluice.run.ledger.QueuedRuns.QueuedRun;

/** Plans a run the ledger holds QUEUED again, against the table as it is now: on the replica that takes it, just before it runs. */
public interface QueuedPlans {

    RunPlan plan(QueuedRun run);
}
