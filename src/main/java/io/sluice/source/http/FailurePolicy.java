package io.sluice.source.http;

/** What a pull's failed requests do to the run; either way they are counted and listed with their reasons. */
public enum FailurePolicy {
    /** Any failed request fails the run (nothing is loaded; the staged requests stay, and a rerun fetches only the rest). */
    FAIL,
    /** The run loads what was staged and SUCCEEDS, with the failed requests counted in its pull stats. */
    TOLERATE
}
