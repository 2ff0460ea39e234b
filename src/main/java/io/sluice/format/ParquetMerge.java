package io.sluice.format;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

import io.sluice.receipt.WrittenRows;
import io.sluice.write.ChangeOptions;
import io.sluice.write.RunMetrics;
import io.sluice.write.MergeActions.WhenMatched;
import io.sluice.write.MergeActions.WhenNotMatched;
import io.sluice.write.WriteRequest;
import io.sluice.write.WriteOptions;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.KeyCondition;

/**
 * Merge into a Parquet table, where Spark has no MERGE: the target rows of the touched partitions
 * (all rows of an unpartitioned table) are joined with the source on the keys, every row takes the
 * source's values where the merge says so (U updated, N matched but equal to the source row, I inserted, K kept, D deleted,
 * S a skipped new key), and the
 * result is staged and swapped in. Reading the old
 * files while writing new ones elsewhere never meets Spark's "cannot overwrite a table that is also
 * being read from". Counts are observed during the one write, exactly.
 */
final class ParquetMerge {

    private static final String IN_SOURCE = "_sluice_in_source";
    private static final String IN_TARGET = "_sluice_in_target";
    private static final String ACTION = "_sluice_action";

    private ParquetMerge() {
    }

    /** The merge's counts, and where its source rows went. */
    record Merged(RunMetrics metrics, WrittenRows written) {
    }

    static Merged write(WriteRequest request, KeyCondition condition) {
        WriteOptions options = request.options();
        String onMatch = switch (options.whenMatched()) {
            case UPDATE -> "U";
            case DELETE -> "D";
            case IGNORE -> "K";
        };
        String onNewKey = options.whenNotMatched() == WhenNotMatched.INSERT ? "I" : "S";
        boolean updates = options.whenMatched() == WhenMatched.UPDATE;
        // a matched row equal to its source row in every column it would take is left as it is; with new columns, none is
        Column unchanged = updates && request.newColumns().isEmpty() ? not(MergeColumns.differ(MergeColumns.updated(request), "t", "s"))
                : lit(false);
        return write(request, condition, request.data().schema().fields(), when(unchanged, lit("N")).otherwise(lit(onMatch)), lit(onNewKey),
                options.deleteNotMatchedBySource(), name -> updates && MergeColumns.takes(options, name), true);
    }

    /** Change rows, each saying by its action column whether it updates (U) or deletes (D) the row it matches, or is new (I). */
    static Merged applyChanges(WriteRequest request, KeyCondition condition) {
        StructField[] fields = Arrays.stream(request.data().schema().fields()).filter(f -> !f.name().equals(ChangeOptions.ACTION))
                .toArray(StructField[]::new);
        Column action = col("s." + ChangeOptions.ACTION);
        return write(request, condition, fields, action, action, false, name -> true, false);
    }

    /**
     * The merge itself: a matched row takes {@code onMatch}'s action and the source's values of the columns {@code takes}
     * accepts; a new key {@code onNewKey}'s; a target row the source lacks is kept, or deleted when {@code deleteUnmatched}.
     * With {@code addColumns} the source's new columns join the table just before the swap.
     */
    private static Merged write(WriteRequest request, KeyCondition condition, StructField[] fields, Column onMatch, Column onNewKey,
            boolean deleteUnmatched, Predicate<String> takes, boolean addColumns) {
        TouchedPartitions touched = condition.touched();
        Dataset<Row> target = request.session().table(request.table().quoted());
        if (touched != null) {
            target = target.where(touched.predicate(null));
        }
        FileStats replaced = FileStats.of(request.session(), target.inputFiles());
        Dataset<Row> joined = target.withColumn(IN_TARGET, lit(true)).as("t")
                .join(request.data().withColumn(IN_SOURCE, lit(true)).as("s"), condition.keys(), "full_outer");
        Column inSource = col("s." + IN_SOURCE).isNotNull();
        Column inTarget = col("t." + IN_TARGET).isNotNull();
        List<Column> columns = new ArrayList<>();
        List<String> targetColumns = Arrays.asList(target.columns());
        for (StructField field : fields) {
            String name = field.name();
            Column old = targetColumns.stream().anyMatch(name::equalsIgnoreCase) ? col("t." + name) : lit(null).cast(field.dataType());
            Column matched = takes.test(name) ? col("s." + name) : old;
            columns.add(when(inSource.and(inTarget), matched).when(inSource, col("s." + name)).otherwise(old).as(name));
        }
        columns.add(when(inSource.and(inTarget), onMatch).when(inSource, onNewKey)
                .when(lit(deleteUnmatched), lit("D")).otherwise(lit("K")).as(ACTION));
        columns.add(inSource.as(IN_SOURCE));
        Observation observed = new Observation("sluice-merge-" + request.runId());
        Dataset<Row> merged = joined.select(columns.toArray(Column[]::new))
                .observe(observed, count_if(col(ACTION).equalTo("U")).as("updated"), count_if(col(ACTION).equalTo("I")).as("inserted"),
                        count_if(col(ACTION).equalTo("D")).as("deleted"), count(lit(1)).as("rows"),
                        count_if(col(IN_SOURCE)).as("source"), count_if(col(IN_SOURCE).and(col(ACTION).equalTo("D"))).as("deleting"))
                .where(col(ACTION).isin("U", "N", "I", "K")).drop(ACTION, IN_SOURCE);
        ParquetStage stage = ParquetStage.write(request, merged);
        RunMetrics metrics = RunMetrics.merged(stage.rows(), ParquetTables.observed(observed, "inserted"),
                ParquetTables.observed(observed, "updated"), ParquetTables.observed(observed, "deleted"), stage.files().files(),
                replaced.files(), stage.files().bytes());
        long inserted = metrics.rowsInserted();
        long updated = metrics.rowsUpdated();
        long deleting = ParquetTables.observed(observed, "deleting");
        WrittenRows written = new WrittenRows(inserted, updated, ParquetTables.observed(observed, "source") - inserted - updated - deleting,
                deleting, 0);
        if (addColumns) {
            ParquetTables.addColumns(request);
        }
        if (touched != null) {
            ParquetSwap.swapMergedPartitions(request, stage, touched.specs(), metrics);
        } else {
            ParquetSwap.replaceLocation(request, stage, metrics);
        }
        return new Merged(metrics, written);
    }
}
