package io.sluice.strategy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import io.sluice.api.EnumNames;
import io.sluice.api.InvalidRequestException;
import io.sluice.strategy.MergeActions.WhenMatched;
import io.sluice.strategy.MergeActions.WhenNotMatched;

/**
 * Merge on {@code keys}, an upsert by default: matched rows are updated (all columns, {@code updateColumns}, or all but
 * {@code excludeColumns}; keys never change), unmatched source rows inserted ({@code whenMatched} ignore or delete,
 * {@code whenNotMatched} ignore change that), and with
 * {@code deleteNotMatchedBySource} target rows the source lacks are deleted, within the partitions
 * the source touches. On a partitioned table the condition also carries literal predicates on the
 * touched partitions, so Delta reads only those (it does not infer them: delta-io/delta#668).
 * Parquet tables, which have no MERGE, are merged by {@link ParquetMerge}.
 */
final class MergeStrategy implements WriteStrategy {

    private static final Logger log = LoggerFactory.getLogger(MergeStrategy.class);

    /** Past this many touched partitions the literal predicate costs more to plan than it saves. */
    static final int MAX_PRUNED_PARTITIONS = 1000;

    @Override
    public StrategyName name() {
        return StrategyName.MERGE;
    }

    @Override
    public void check(WriteOptions options, List<String> partitionColumns) {
        InvalidRequestException.check(!options.keys().isEmpty(), "keys", "merge needs keys: the columns that identify a row");
        InvalidRequestException.check(options.updateColumns().isEmpty() || options.excludeColumns().isEmpty(), "updateColumns",
                "give updateColumns or excludeColumns, not both");
        InvalidRequestException.check(options.whenMatched() == WhenMatched.UPDATE
                || (options.updateColumns().isEmpty() && options.excludeColumns().isEmpty()), "whenMatched",
                "updateColumns and excludeColumns say how matched rows are updated; whenMatched is %s",
                EnumNames.of(options.whenMatched()));
        InvalidRequestException.check(options.whenMatched() != WhenMatched.IGNORE || options.whenNotMatched() != WhenNotMatched.IGNORE
                || options.deleteNotMatchedBySource(), "whenNotMatched", "whenMatched and whenNotMatched are both ignore: the merge would change nothing");
    }

    /** The merge condition: the keys, and literal predicates on the touched partitions. */
    private record Condition(Column on, TouchedPartitions touched) {
    }

    /**
     * Target {@code t} and source {@code s} rows match on every key (null-safe when asked). No {@code true AND …} seed:
     * Delta takes a conjunct without source columns for a target-only predicate, and with that seed its upserts of
     * matched rows measured slower than the same MERGE written plainly (P6 in BENCHMARKS.md).
     */
    static Column keysMatch(WriteOptions options) {
        return options.keys().stream()
                .map(key -> options.nullSafeKeys() ? col("t." + key).eqNullSafe(col("s." + key)) : col("t." + key).equalTo(col("s." + key)))
                .reduce(Column::and).orElseThrow(() -> new IllegalArgumentException("merge needs keys"));
    }

    private static Condition condition(WriteRequest request) {
        Column on = keysMatch(request.options());
        TouchedPartitions touched = request.partitionColumns().isEmpty() ? null
                : TouchedPartitions.of(request.data(), request.partitionColumns());
        if (touched != null && touched.size() <= MAX_PRUNED_PARTITIONS) {
            on = on.and(touched.predicate("t"));
        } else if (touched != null) {
            log.info("merge touches {} partitions; not adding partition predicates", touched.size());
        }
        return new Condition(on, touched);
    }

    @Override
    public Explanation explain(WriteRequest request) {
        return new Explanation(List.of(), condition(request).on().toString());
    }

    @Override
    public WriteResult write(WriteRequest request) {
        if (!request.isDelta()) {
            return ParquetMerge.write(request, request.partitionColumns().isEmpty() ? null
                    : TouchedPartitions.of(request.data(), request.partitionColumns()));
        }
        WriteOptions options = request.options();
        Condition condition = condition(request);
        TouchedPartitions touched = condition.touched();
        // By the location the run's table state holds: by name, Delta looks the table up in the metastore three times
        // (BENCHMARKS.md, P6). A path-based commit skips Delta's sync of the
        // schema to the metastore, which is off unless spark.databricks.delta.catalog.update.enabled is set.
        DeltaMergeBuilder merge = DeltaTable.forPath(request.session(), request.before().orElseThrow().location()).as("t")
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
        return WriteResult.NO_PARTITIONS;
    }

    private static DeltaMergeBuilder updated(WriteRequest request, DeltaMergeBuilder merge) {
        WriteOptions options = request.options();
        if (options.updateColumns().isEmpty() && options.excludeColumns().isEmpty()) {
            return merge.whenMatched().updateAll();
        }
        List<String> columns = !options.updateColumns().isEmpty() ? options.updateColumns()
                : List.of(request.before().orElseThrow().schema().fieldNames()).stream()
                        .filter(c -> options.excludeColumns().stream().noneMatch(c::equalsIgnoreCase)).toList();
        Map<String, Column> updates = new LinkedHashMap<>();
        columns.stream().filter(c -> options.keys().stream().noneMatch(c::equalsIgnoreCase))
                .forEach(c -> updates.put("t." + c, col("s." + c)));
        return updates.isEmpty() ? merge : merge.whenMatched().update(updates);
    }
}
