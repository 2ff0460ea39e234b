package io.sluice.strategy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Applies the duplicates policy to a source with keys. Rows whose key has a null part only repeat
 * when keys are null-safe: otherwise they never match a target row, so they cannot collide.
 */
public final class SourceDuplicates {

    private static final String RANK = "__sluice_rank";

    /** The rows to write and how many were dropped (null when no keys were given). */
    public record Result(Dataset<Row> data, Long dropped) {
    }

    private SourceDuplicates() {
    }

    /** Keys that occur more than once: how many, and up to five of them. */
    public record Repeated(long keys, List<String> sample) {
    }

    /** The repeated keys of a source (keys with a null part count only when keys are null-safe). */
    public static Repeated find(Dataset<Row> data, WriteOptions options) {
        if (options.keys().isEmpty()) {
            return new Repeated(0, List.of());
        }
        Column[] keys = options.keys().stream().map(c -> col(c)).toArray(Column[]::new);
        Dataset<Row> comparable = options.nullSafeKeys() ? data : data.na().drop(options.keys().toArray(String[]::new));
        Dataset<Row> repeated = comparable.groupBy(keys).count().filter(col("count").gt(1));
        List<String> sample = repeated.limit(5).collectAsList().stream().map(row -> row.toString()).toList();
        return new Repeated(sample.isEmpty() ? 0 : repeated.count(), sample);
    }

    public static Result apply(Dataset<Row> data, WriteOptions options) {
        if (options.keys().isEmpty()) {
            return new Result(data, null);
        }
        Column[] keys = options.keys().stream().map(c -> col(c)).toArray(Column[]::new);
        if (options.duplicates() == DuplicatePolicy.FAIL) {
            Repeated repeated = find(data, options);
            if (repeated.keys() > 0) {
                throw new DuplicateKeysException(repeated.keys(), repeated.sample());
            }
            return new Result(data, 0L);
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
        long dropped = ranked.filter(col(RANK).gt(1)).count();
        return new Result(ranked.filter(col(RANK).equalTo(1)).drop(RANK), dropped);
    }
}
