package io.sluice.run;

import io.sluice.expectation.ExpectationReport;
import io.sluice.receipt.Receipt;
import io.sluice.source.http.PullStats;
import io.sluice.watermark.WatermarkAdvance;
import io.sluice.write.RunMetrics;

/**
 * What a finished run leaves in the ledger besides its status; {@code watermark} is the advance a
 * SUCCEEDED run makes, stored in the same transaction as its status (null: none); {@code pull} the
 * final counts of an http source's requests (null: no pull); {@code expectations} what the run's rules counted (null: none);
 * {@code receipt} where each source row went (null: a run that wrote nothing of its own, or failed).
 */
public record RunOutcome(Long tableVersionBefore, Long tableVersionAfter, RunMetrics metrics, RunError error,
        WatermarkAdvance watermark, PullStats pull, ExpectationReport expectations, Receipt receipt) {

    public RunOutcome(Long tableVersionBefore, Long tableVersionAfter, RunMetrics metrics, RunError error, WatermarkAdvance watermark,
            PullStats pull, ExpectationReport expectations) {
        this(tableVersionBefore, tableVersionAfter, metrics, error, watermark, pull, expectations, null);
    }

    public RunOutcome(Long tableVersionBefore, Long tableVersionAfter, RunMetrics metrics, RunError error, WatermarkAdvance watermark,
            PullStats pull) {
        this(tableVersionBefore, tableVersionAfter, metrics, error, watermark, pull, null);
    }

    public RunOutcome(Long tableVersionBefore, Long tableVersionAfter, RunMetrics metrics, RunError error) {
        this(tableVersionBefore, tableVersionAfter, metrics, error, null, null);
    }

    public RunOutcome(Long tableVersionBefore, Long tableVersionAfter, RunMetrics metrics, RunError error, WatermarkAdvance watermark) {
        this(tableVersionBefore, tableVersionAfter, metrics, error, watermark, null);
    }

    public static RunOutcome failed(Long versionBefore, RunError error) {
        return new RunOutcome(versionBefore, null, RunMetrics.NONE, error);
    }

    RunOutcome withWatermark(WatermarkAdvance advance) {
        return new RunOutcome(tableVersionBefore, tableVersionAfter, metrics, error, advance, pull, expectations, receipt);
    }

    public RunOutcome withPull(PullStats stats) {
        return new RunOutcome(tableVersionBefore, tableVersionAfter, metrics, error, watermark, stats, expectations, receipt);
    }

    /** The counts of the run's expectations (null: it had none). */
    public RunOutcome withExpectations(ExpectationReport report) {
        return new RunOutcome(tableVersionBefore, tableVersionAfter, metrics, error, watermark, pull, report, receipt);
    }

    /** Where each source row went. */
    public RunOutcome withReceipt(Receipt where) {
        return new RunOutcome(tableVersionBefore, tableVersionAfter, metrics, error, watermark, pull, expectations, where);
    }
}
