package io.sluice.strategy;

import java.util.List;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Adds the source rows: on Delta one commit, on Parquet Spark's INSERT with the columns put in the
 * table's order by name. A re-run appends them again: re-runs become exactly-once with idempotency keys.
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
        if (!request.isDelta()) {
            return ParquetTables.insert(request);
        }
        request.data().writeTo(request.table().quoted()).append();
        return WriteResult.NO_PARTITIONS;
    }

    @Override
    public Explanation explain(WriteRequest request) {
        return Explanation.NOTHING;
    }
}
