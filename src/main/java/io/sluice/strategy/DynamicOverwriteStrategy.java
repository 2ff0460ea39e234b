package io.sluice.strategy;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

import io.sluice.format.Commit;
import io.sluice.format.Format;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteRequest;

/**
 * Replaces exactly the partitions present in the source and leaves all others untouched, matching columns by name
 * (Spark's dynamic partition overwrite through the V2 writer, never insertInto's position matching).
 */
final class DynamicOverwriteStrategy extends PartitionReplacement {

    @Override
    public StrategyName name() {
        return StrategyName.DYNAMIC_OVERWRITE;
    }

    @Override
    Commit replace(WriteRequest request, Format format, TouchedPartitions touched) throws NoSuchTableException {
        return format.replacePartitions(request, touched);
    }
}
