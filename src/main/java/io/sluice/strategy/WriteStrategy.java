package io.sluice.strategy;

import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.types.StructType;

import io.sluice.problem.InvalidRequestException;
import io.sluice.format.Commit;
import io.sluice.format.Format;
import io.sluice.table.TableState;
import io.sluice.write.MergeActions;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;
import io.sluice.web.EnumNames;

/**
 * One way of writing a run's rows into its table, as one atomic commit: the strategy says which rows, partitions and
 * keys; the table's {@link Format} says how they are committed. The first run of every strategy creates the table
 * ({@link Format#create}). Columns always resolve by name, never by position.
 */
public sealed interface WriteStrategy permits AppendStrategy, PartitionReplacement, MergeStrategy, ApplyChangesStrategy {

    StrategyName name();

    /** Refuses options the strategy does not take, or a table it cannot write (422). */
    void check(WriteOptions options, List<String> partitionColumns);

    /** Writes the rows into an existing table as one commit of its format (or fails leaving it as it was). */
    Commit write(WriteRequest request, Format format) throws NoSuchTableException;

    /** What {@link #write} would do with these rows, for a dry run: it reads, never writes. */
    Explanation explain(WriteRequest request);

    /** The differences between the source's columns and the table's that the options refuse, as sentences. */
    default List<String> refused(StructType source, TableState table, WriteOptions options) {
        return SchemaAlignment.refused(source, table.schema(), table.partitionBy(), options.schemaPolicy());
    }

    /** The source fitted to an existing table's columns, by name, under the schema policy. */
    default Dataset<Row> align(Dataset<Row> source, TableState table, WriteOptions options) {
        return SchemaAlignment.align(source, table.schema(), table.partitionBy(), options.schemaPolicy());
    }

    /** The write that creates the table: by default the source's rows as they are. */
    default WriteRequest forNewTable(WriteRequest request) {
        return request;
    }

    /** Creates the table with the first run's rows, as one commit of its format. */
    default Commit create(WriteRequest request, Format format) {
        return format.create(forNewTable(request));
    }

    /** The partitions a write would replace or drop, a merge's condition, and what apply_changes would change. */
    record Explanation(List<Map<String, String>> partitionsReplaced, String mergeCondition, ChangePreview changes) {
        public static final Explanation NOTHING = new Explanation(null, null);

        public Explanation(List<Map<String, String>> partitionsReplaced, String mergeCondition) {
            this(partitionsReplaced, mergeCondition, null);
        }

        static Explanation of(ChangePreview changes) {
            return new Explanation(null, null, changes);
        }
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
