package io.sluice.strategy;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

import io.sluice.format.Commit;
import io.sluice.format.Format;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteRequest;

/**
 * Removes every partition whose values occur in the source, then appends the source: an overwrite by an exact
 * predicate on those partition values (Delta's replaceWhere).
 */
final class DropPartitionStrategy extends PartitionReplacement {

    @Override
    public StrategyName name() {
        return StrategyName.DROP_PARTITION;
    }

    @Override
    Commit replace(WriteRequest request, Format format, TouchedPartitions touched) throws NoSuchTableException {
        return format.overwrite(request, touched);
    }
}
