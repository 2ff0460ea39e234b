package io.sluice.strategy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;

import io.sluice.api.ConflictException;
import io.sluice.api.EnumNames;
import io.sluice.api.InvalidRequestException;

/**
 * One way of writing a run's rows into its table, as one atomic commit. On Delta the run then reads
 * the commit's version and metrics from the table's own log, so strategies never count rows there;
 * Parquet tables have no log, so their writes measure themselves exactly. Columns always resolve by
 * name: Spark's V2 writer, Delta's merge builder, or an INSERT whose columns are put in the table's order.
 */
public sealed interface WriteStrategy permits AppendStrategy, PartitionReplacement, MergeStrategy {

    StrategyName name();

    /** Refuses options the strategy does not take, or a table it cannot write (422). */
    void check(WriteOptions options, List<String> partitionColumns);

    /** Writes the rows into an existing table as one commit (or fails leaving it as it was). */
    WriteResult write(WriteRequest request) throws NoSuchTableException;

    /** What {@link #write} would do with these rows, for a dry run: it reads, never writes. */
    Explanation explain(WriteRequest request);

    /** The partitions a write would replace or drop, and a merge's condition. */
    record Explanation(List<Map<String, String>> partitionsReplaced, String mergeCondition) {
        public static final Explanation NOTHING = new Explanation(List.of(), null);
    }

    /**
     * The first run of every strategy: create the table from the rows, in one commit (Parquet: counted while written).
     * {@code deltaProperties} are set on a new Delta table (Parquet tables take none).
     */
    static WriteResult create(WriteRequest request, Map<String, String> deltaProperties) {
        Observation observed = new Observation("sluice-create-" + request.runId());
        var data = request.isDelta() ? request.data() : request.data().observe(observed, count(lit(1)).as("rows"));
        var writer = data.writeTo(request.table().quoted()).using(EnumNames.of(request.format()));
        if (request.isDelta()) {
            deltaProperties.forEach(writer::tableProperty);
        }
        if (!request.partitionBy().isEmpty()) {
            Column[] columns = request.partitionBy().stream().map(c -> col(c)).toArray(Column[]::new);
            writer.partitionedBy(columns[0], Arrays.copyOfRange(columns, 1, columns.length));
        }
        try {
            writer.create();
        } catch (TableAlreadyExistsException e) {
            throw new ConflictException("table " + request.table() + " was created by someone else meanwhile; run again");
        }
        return request.isDelta() ? WriteResult.NO_PARTITIONS : ParquetTables.created(request, observed);
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
