package io.sluice.strategy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The distinct partition values a source touches, as literal predicates. Built as Columns, never as
 * SQL text, so values need no quoting.
 */
final class TouchedPartitions {

    private final List<String> columns;
    private final List<Row> values;

    private TouchedPartitions(List<String> columns, List<Row> values) {
        this.columns = columns;
        this.values = values;
    }

    static TouchedPartitions of(Dataset<Row> data, List<String> columns) {
        return new TouchedPartitions(columns, data.select(columns.stream().map(c -> col(c)).toArray(Column[]::new))
                .distinct().collectAsList());
    }

    int size() {
        return values.size();
    }

    /** {@code (p1 <=> v1 AND p2 <=> v2) OR …}, on columns qualified by {@code alias} when given. */
    Column predicate(String alias) {
        Column any = lit(false);
        for (Row row : values) {
            Column all = lit(true);
            for (int i = 0; i < columns.size(); i++) {
                String name = alias == null ? columns.get(i) : alias + "." + columns.get(i);
                all = all.and(col(name).eqNullSafe(lit(row.get(i))));
            }
            any = any.or(all);
        }
        return any;
    }

    List<Map<String, String>> describe() {
        return values.stream().map(row -> {
            Map<String, String> partition = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                partition.put(columns.get(i), row.isNullAt(i) ? null : String.valueOf(row.get(i)));
            }
            return partition;
        }).toList();
    }
}
