package io.sluice.expectation;

/**
 * What a row that fails a rule does to the run, after DLT's {@code expect}, {@code expect_or_drop}, the quarantine pattern and
 * {@code expect_or_fail}. A row failing rules of several actions takes the strongest: fail, then quarantine, then drop.
 */
public enum ExpectationAction {
    /** Counted; the row is written. */
    WARN,
    /** Counted; the row is not written. */
    DROP,
    /** Counted; the row goes to the quarantine table instead of the table. */
    QUARANTINE,
    /** Counted; the run fails and commits nothing. */
    FAIL
}
