package io.sluice.strategy;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * Removes every partition whose values occur in the source, then appends the source: on Delta one
 * commit, an overwrite by an exact predicate on those partition values (Delta's replaceWhere).
 * Partitions the source does not touch are not read or rewritten.
 */
final class DropPartitionStrategy extends PartitionReplacement {

    @Override
    public StrategyName name() {
        return StrategyName.DROP_PARTITION;
    }

    @Override
    WriteResult writeDelta(WriteRequest request, TouchedPartitions touched) throws NoSuchTableException {
        request.data().writeTo(request.table().quoted()).overwrite(touched.predicate(null));
        return new WriteResult(touched.describe(), null, null); // Delta reports numDeletedRows
    }
}
