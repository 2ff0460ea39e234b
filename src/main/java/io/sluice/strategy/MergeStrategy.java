package io.sluice.strategy;

import static org.apache.spark.sql.functions.col;

import java.util.List;

import org.apache.spark.sql.Column;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.problem.InvalidRequestException;
import io.sluice.format.Commit;
import io.sluice.format.Format;
import io.sluice.write.KeyCondition;
import io.sluice.write.MergeActions.WhenMatched;
import io.sluice.write.MergeActions.WhenNotMatched;
import io.sluice.write.TouchedPartitions;
import io.sluice.write.WriteOptions;
import io.sluice.write.WriteRequest;
import io.sluice.web.EnumNames;

/**
 * Merge on {@code keys}, an upsert by default: matched rows are updated (all columns, {@code updateColumns}, or all but
 * {@code excludeColumns}; keys never change), unmatched source rows inserted ({@code whenMatched} ignore or delete,
 * {@code whenNotMatched} ignore change that), and with
 * {@code deleteNotMatchedBySource} target rows the source lacks are deleted, within the partitions
 * the source touches. On a partitioned table the condition also carries literal predicates on the
 * touched partitions, so Delta reads only those (it does not infer them: delta-io/delta#668).
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

    /** The merge condition: the keys, and literal predicates on the touched partitions. */
    static KeyCondition condition(WriteRequest request) {
        Column keys = keysMatch(request.options());
        TouchedPartitions touched = request.partitionColumns().isEmpty() ? null
                : TouchedPartitions.of(request.data(), request.partitionColumns());
        Column on = keys;
        if (touched != null && touched.size() <= MAX_PRUNED_PARTITIONS) {
            on = on.and(touched.predicate("t"));
        } else if (touched != null) {
            log.info("merge touches {} partitions; not adding partition predicates", touched.size());
        }
        return new KeyCondition(keys, on, touched);
    }

    @Override
    public Explanation explain(WriteRequest request) {
        return new Explanation(null, condition(request).on().toString());
    }

    @Override
    public Commit write(WriteRequest request, Format format) {
        return format.merge(request, condition(request));
    }
}
