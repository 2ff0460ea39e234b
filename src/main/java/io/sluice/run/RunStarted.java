package io.sluice.run;

/**
 * Published once a run is RUNNING in the ledger, before it reads or writes anything. Listeners do no slow work on the
 * run's thread (as for {@link RunEnded}): whatever they do, the run goes on.
 */
public record RunStarted(RunPlan plan) {
}
