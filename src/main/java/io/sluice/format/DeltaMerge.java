package io.sluice.format;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import io.sluice.write.ChangeOptions;
import io.sluice.write.KeyCondition;
import io.sluice.write.MergeActions.WhenNotMatched;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;

/** A merge as one Delta MERGE: matched rows updated as the options say (keys never change), new ones inserted, and so on. */
final class DeltaMerge {

    private DeltaMerge() {
    }

    static void execute(WriteRequest request, KeyCondition condition) {
        WriteOptions options = request.options();
        TouchedPartitions touched = condition.touched();
        // By the location the run's table state holds: by name, Delta looks the table up in the metastore three times
        // (measured: P6 in BENCHMARKS.md). A path-based commit skips Delta's sync of the schema to the metastore, which is
        // off unless spark.databricks.delta.catalog.update.enabled is set.
        DeltaMergeBuilder merge = DeltaTable.forPath(request.session(), request.target().location()).as("t")
                .merge(request.data().as("s"), condition.on());
        merge = switch (options.whenMatched()) {
            case UPDATE -> updated(request, merge);
            case DELETE -> merge.whenMatched().delete();
            case IGNORE -> merge;
        };
        if (options.whenNotMatched() == WhenNotMatched.INSERT) {
            merge = merge.whenNotMatched().insertAll();
        }
        if (options.deleteNotMatchedBySource()) {
            merge = merge.whenNotMatchedBySource(touched == null ? lit(true) : touched.predicate("t")).delete();
        }
        merge.execute();
    }

    /** Change rows as one MERGE: each matched row updated or deleted, each new one inserted, as its action says. */
    static void applyChanges(WriteRequest request, KeyCondition condition) {
        Map<String, Column> values = new LinkedHashMap<>();
        for (String column : request.target().schema().fieldNames()) {
            values.put(column, col("s." + column));
        }
        Column action = col("s." + ChangeOptions.ACTION);
        DeltaTable.forPath(request.session(), request.target().location()).as("t")
                .merge(request.data().as("s"), condition.on())
                .whenMatched(action.equalTo("D")).delete()
                .whenMatched(action.equalTo("U")).update(values)
                .whenNotMatched(action.equalTo("I")).insert(values)
                .execute();
    }

    /**
     * Matched rows take the source's values only where one differs (null-safe): a row equal to its source row is not
     * rewritten, and Delta's metrics count it as neither updated nor deleted. With new columns (add_columns) every matched
     * row is updated, since the table's rows have no value to compare.
     */
    private static DeltaMergeBuilder updated(WriteRequest request, DeltaMergeBuilder merge) {
        WriteOptions options = request.options();
        List<String> columns = MergeColumns.updated(request);
        if (columns.isEmpty()) {
            return merge;
        }
        Column changed = request.newColumns().isEmpty() ? MergeColumns.differ(columns, "t", "s") : lit(true);
        if (options.updateColumns().isEmpty() && options.excludeColumns().isEmpty()) {
            return merge.whenMatched(changed).updateAll();
        }
        Map<String, Column> updates = new LinkedHashMap<>();
        columns.forEach(c -> updates.put("t." + c, col("s." + c)));
        return merge.whenMatched(changed).update(updates);
    }
}
