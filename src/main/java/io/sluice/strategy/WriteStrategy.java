package io.sluice.strategy;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

import io.sluice.problem.InvalidRequestException;
import io.sluice.format.Commit;
import io.sluice.format.Format;
import io.sluice.write.MergeActions;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;
import io.sluice.web.EnumNames;

/**
 * One way of writing a run's rows into its table, as one atomic commit: the strategy says which rows, partitions and
 * keys; the table's {@link Format} says how they are committed. The first run of every strategy creates the table
 * ({@link Format#create}). Columns always resolve by name, never by position.
 */
public sealed interface WriteStrategy permits AppendStrategy, PartitionReplacement, MergeStrategy {

    StrategyName name();

    /** Refuses options the strategy does not take, or a table it cannot write (422). */
    void check(WriteOptions options, List<String> partitionColumns);

    /** Writes the rows into an existing table as one commit of its format (or fails leaving it as it was). */
    Commit write(WriteRequest request, Format format) throws NoSuchTableException;

    /** What {@link #write} would do with these rows, for a dry run: it reads, never writes. */
    Explanation explain(WriteRequest request);

    /** The partitions a write would replace or drop, and a merge's condition. */
    record Explanation(List<Map<String, String>> partitionsReplaced, String mergeCondition) {
        public static final Explanation NOTHING = new Explanation(null, null);
    }

    static void refuseMergeOptions(StrategyName strategy, WriteOptions options) {
        InvalidRequestException.check(options.updateColumns().isEmpty() && options.excludeColumns().isEmpty()
                && options.whenMatched() == MergeActions.WhenMatched.UPDATE && options.whenNotMatched() == MergeActions.WhenNotMatched.INSERT
                && !options.deleteNotMatchedBySource() && !options.nullSafeKeys(), "strategy",
                "updateColumns, excludeColumns, whenMatched, whenNotMatched, deleteNotMatchedBySource and nullSafeKeys are merge options, "
                        + "not %s", EnumNames.of(strategy));
    }

    static void requirePartitions(StrategyName strategy, List<String> partitionColumns) {
        InvalidRequestException.check(!partitionColumns.isEmpty(), "partitionBy",
                "%s replaces whole partitions and needs a partitioned table: give partitionBy for a new table", EnumNames.of(strategy));
    }
}
