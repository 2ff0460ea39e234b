package io.sluice.strategy;

import java.util.List;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Replaces exactly the partitions present in the source and leaves all others untouched, matching
 * columns by name (Spark's dynamic partition overwrite through the V2 writer, never insertInto's
 * position matching).
 */
final class DynamicOverwriteStrategy implements WriteStrategy {

    @Override
    public StrategyName name() {
        return StrategyName.DYNAMIC_OVERWRITE;
    }

    @Override
    public void check(WriteOptions options, List<String> partitionColumns) {
        WriteStrategy.refuseMergeOptions(name(), options);
        WriteStrategy.requirePartitions(name(), partitionColumns);
    }

    @Override
    public WriteResult write(WriteRequest request) throws NoSuchTableException {
        TouchedPartitions touched = TouchedPartitions.of(request.data(), request.partitionColumns());
        request.data().writeTo(request.table().quoted()).overwritePartitions();
        return new WriteResult(touched.describe());
    }

    @Override
    public Explanation explain(WriteRequest request) {
        return new Explanation(TouchedPartitions.of(request.data(), request.partitionColumns()).describe(), null);
    }
}
