package io.sluice.strategy;

import java.util.List;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Adds the source rows. A re-run appends them again: re-runs become exactly-once with
 * idempotency keys.
 */
final class AppendStrategy implements WriteStrategy {

    @Override
    public StrategyName name() {
        return StrategyName.APPEND;
    }

    @Override
    public void check(WriteOptions options, List<String> partitionColumns) {
        WriteStrategy.refuseMergeOptions(name(), options);
    }

    @Override
    public WriteResult write(WriteRequest request) throws NoSuchTableException {
        request.data().writeTo(request.table().quoted()).append();
        return WriteResult.NO_PARTITIONS;
    }

    @Override
    public Explanation explain(WriteRequest request) {
        return Explanation.NOTHING;
    }
}
