package io.sluice.run;

import io.sluice.watermark.WatermarkAdvance;

/**
 * What a finished run leaves in the ledger besides its status; {@code watermark} is the advance a
 * SUCCEEDED run makes, stored in the same transaction as its status (null: none).
 */
public record RunOutcome(Long tableVersionBefore, Long tableVersionAfter, RunMetrics metrics, RunError error,
        WatermarkAdvance watermark) {

    public RunOutcome(Long tableVersionBefore, Long tableVersionAfter, RunMetrics metrics, RunError error) {
        this(tableVersionBefore, tableVersionAfter, metrics, error, null);
    }

    public static RunOutcome failed(Long versionBefore, RunError error) {
        return new RunOutcome(versionBefore, null, RunMetrics.NONE, error);
    }

    RunOutcome withWatermark(WatermarkAdvance advance) {
        return new RunOutcome(tableVersionBefore, tableVersionAfter, metrics, error, advance);
    }
}
