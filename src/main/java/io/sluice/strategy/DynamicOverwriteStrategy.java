package io.sluice.strategy;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Replaces exactly the partitions present in the source and leaves all others untouched, matching
 * columns by name (Spark's dynamic partition overwrite through the V2 writer, never insertInto's
 * position matching).
 */
final class DynamicOverwriteStrategy extends PartitionReplacement {

    @Override
    public StrategyName name() {
        return StrategyName.DYNAMIC_OVERWRITE;
    }

    @Override
    WriteResult writeDelta(WriteRequest request, TouchedPartitions touched) throws NoSuchTableException {
        // Delta reports no deleted rows for a dynamic overwrite; counted exactly (from file statistics) before it.
        long replaced = request.session().table(request.table().quoted()).where(touched.predicate(null)).count();
        request.data().writeTo(request.table().quoted()).overwritePartitions();
        return new WriteResult(touched.describe(), replaced, null);
    }
}
