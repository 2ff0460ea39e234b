package io.sluice.run;

import java.util.UUID;

/**
 * Published once a run's terminal status is in the ledger, whichever way it ended (ran, cancelled in the queue, refused,
 * cancelled by a shutdown). Listeners read the run from the ledger; one that does slow work (a callback, a lineage
 * event, a follow-up maintenance run) hands it off, so the run's thread is never held.
 */
public record RunEnded(UUID runId) {
}
