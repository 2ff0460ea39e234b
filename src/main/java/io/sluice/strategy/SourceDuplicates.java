package io.sluice.strategy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import io.sluice.write.WriteOptions;
import io.sluice.write.DuplicatePolicy;

/**
 * Applies the duplicates policy to a source with keys. Rows whose key has a null part only repeat
 * when keys are null-safe: otherwise they never match a target row, so they cannot collide.
 */
public final class SourceDuplicates {

    private static final String RANK = "__sluice_rank";

    /** Below this estimated size a source is checked in one task: no shuffle, one short Spark job. */
    static final long SMALL_SOURCE_BYTES = 64L << 20;

    /**
     * The rows to write, how many were dropped (null when no keys were given), and how many rows there are when the
     * check counted them (null otherwise): the same job answers whether a run has anything to write.
     */
    public record Result(Dataset<Row> data, Long dropped, Long rows) {
    }

    private SourceDuplicates() {
    }

    /** Keys that occur more than once: how many, and up to five of them. */
    public record Repeated(long keys, List<String> sample) {
    }

    /** The repeated keys of a source (keys with a null part count only when keys are null-safe). */
    public static Repeated find(Dataset<Row> data, WriteOptions options) {
        if (options.keys().isEmpty() || options.changes() != null) { // change events repeat keys: apply_changes reduces them
            return new Repeated(0, List.of());
        }
        Column[] keys = options.keys().stream().map(c -> col(c)).toArray(Column[]::new);
        Dataset<Row> comparable = options.nullSafeKeys() ? data : data.na().drop(options.keys().toArray(String[]::new));
        Dataset<Row> repeated = comparable.groupBy(keys).count().filter(col("count").gt(1));
        List<String> sample = repeated.limit(5).collectAsList().stream().map(row -> row.toString()).toList();
        return new Repeated(sample.isEmpty() ? 0 : repeated.count(), sample);
    }

    public static Result apply(Dataset<Row> data, WriteOptions options) {
        if (options.keys().isEmpty() || options.changes() != null) {
            return new Result(data, null, null);
        }
        Column[] keys = options.keys().stream().map(c -> col(c)).toArray(Column[]::new);
        if (options.duplicates() == DuplicatePolicy.FAIL) {
            Row counted = counted(data, options, keys);
            if (counted.getLong(1) > 0) {
                Repeated repeated = find(data, options);
                throw new DuplicateKeysException(repeated.keys(), repeated.sample());
            }
            return new Result(data, 0L, counted.getLong(0));
        }
        Column[] latestFirst = options.orderBy().stream().map(c -> col(c).desc_nulls_last()).toArray(Column[]::new);
        Column rank = row_number().over(Window.partitionBy(keys).orderBy(latestFirst));
        if (!options.nullSafeKeys()) { // a key with a null part matches nothing: every such row stays
            Column anyNull = lit(false);
            for (Column key : keys) {
                anyNull = anyNull.or(key.isNull());
            }
            rank = when(anyNull, lit(1)).otherwise(rank);
        }
        Dataset<Row> ranked = data.withColumn(RANK, rank);
        Row counted = ranked.agg(count(lit(1)), count_if(col(RANK).gt(1))).first();
        return new Result(ranked.filter(col(RANK).equalTo(1)).drop(RANK), counted.getLong(1), counted.getLong(0));
    }

    /**
     * The source's rows and how many keys repeat, in one job. A small source (by Spark's size estimate: file sizes,
     * inline rows) is read in one partition, where grouping needs no shuffle: a single task, not three stages.
     */
    private static Row counted(Dataset<Row> data, WriteOptions options, Column[] keys) {
        long estimate = data.queryExecution().optimizedPlan().stats().sizeInBytes().longValue();
        Dataset<Row> input = estimate < SMALL_SOURCE_BYTES ? data.coalesce(1) : data;
        Column comparable = col("n").gt(1);
        if (!options.nullSafeKeys()) { // a key with a null part matches nothing: such rows never repeat
            for (String key : options.keys()) {
                comparable = comparable.and(col(key).isNotNull());
            }
        }
        Row row = input.groupBy(keys).agg(count(lit(1)).as("n")).agg(sum("n"), count_if(comparable)).first();
        return RowFactory.create(row.isNullAt(0) ? 0L : row.getLong(0), row.getLong(1));
    }
}
