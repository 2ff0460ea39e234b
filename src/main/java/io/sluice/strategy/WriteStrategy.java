package io.sluice.strategy;

/**
 * One way of writing a run's rows into its table, as one atomic commit. The run then reads the
 * commit's version and metrics from the table's own log, so strategies never count rows themselves.
 */
public sealed interface WriteStrategy permits AppendStrategy {

    StrategyName name();

    /** Writes the rows as one commit of the table (or fails leaving the table as it was). */
    void write(WriteRequest request);
}
