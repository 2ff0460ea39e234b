package io.sluice.strategy;

import java.util.List;

/** What drop_partition and dynamic_overwrite share: they replace the partitions the source touches. */
abstract sealed class PartitionReplacement implements WriteStrategy permits DropPartitionStrategy, DynamicOverwriteStrategy {

    @Override
    public void check(WriteOptions options, List<String> partitionColumns) {
        WriteStrategy.refuseMergeOptions(name(), options);
        WriteStrategy.requirePartitions(name(), partitionColumns);
    }

    @Override
    public Explanation explain(WriteRequest request) {
        return new Explanation(TouchedPartitions.of(request.data(), request.partitionColumns()).describe(), null);
    }
}
