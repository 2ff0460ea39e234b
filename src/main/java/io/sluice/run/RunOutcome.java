package io.sluice.run;

/** What a finished run leaves in the ledger besides its status. */
public record RunOutcome(Long tableVersionBefore, Long tableVersionAfter, RunMetrics metrics, RunError error) {

    public static RunOutcome failed(Long versionBefore, RunError error) {
        return new RunOutcome(versionBefore, null, RunMetrics.NONE, error);
    }
}
