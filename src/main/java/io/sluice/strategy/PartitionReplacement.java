package io.sluice.strategy;

import java.util.List;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

import io.sluice.format.Commit;
import io.sluice.format.Format;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;

/**
 * What drop_partition and dynamic_overwrite share: they replace the partitions the source touches, and only those, in
 * one commit; partitions the source does not touch are not read or rewritten.
 */
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

    @Override
    public final Commit write(WriteRequest request, Format format) throws NoSuchTableException {
        return replace(request, format, TouchedPartitions.of(request.data(), request.partitionColumns()));
    }

    abstract Commit replace(WriteRequest request, Format format, TouchedPartitions touched) throws NoSuchTableException;
}
