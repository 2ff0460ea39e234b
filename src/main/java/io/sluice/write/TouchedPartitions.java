package io.sluice.write;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;

/**
 * The distinct partition values a source touches, as literal predicates (built as Columns, never as
 * SQL text, so values need no quoting) and as the catalog's partition specs. Spec values are Spark's
 * own cast to string, the same text Spark writes into partition directory names.
 */
public final class TouchedPartitions {

    private final List<String> columns;
    private final List<Row> values;

    private TouchedPartitions(List<String> columns, List<Row> values) {
        this.columns = columns;
        this.values = values;
    }

    public static TouchedPartitions of(Dataset<Row> data, List<String> columns) {
        List<Column> selected = new ArrayList<>();
        columns.forEach(c -> selected.add(col(c)));
        columns.forEach(c -> selected.add(col(c).cast("string")));
        // In the partition columns' order, so that a run reports them the same way whatever the source's partitioning:
        // sorted within the one partition the distinct rows are coalesced into, without the sampling job of orderBy.
        Column[] order = columns.stream().map(c -> col(c).asc_nulls_first()).toArray(Column[]::new);
        return new TouchedPartitions(columns,
                data.select(selected.toArray(Column[]::new)).distinct().coalesce(1).sortWithinPartitions(order).collectAsList());
    }

    public int size() {
        return values.size();
    }

    /** {@code (p1 <=> v1 AND p2 <=> v2) OR …}, on columns qualified by {@code alias} when given. */
    public Column predicate(String alias) {
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

    /** The partitions as {column: value}, null for a null value: what a run reports. */
    public List<Map<String, String>> describe() {
        return specs(null);
    }

    /** The partitions as catalog specs: a null value is the catalog's default partition name. */
    public List<Map<String, String>> specs() {
        return specs(ExternalCatalogUtils.DEFAULT_PARTITION_NAME());
    }

    private List<Map<String, String>> specs(String nullValue) {
        return values.stream().map(row -> {
            Map<String, String> partition = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                int text = columns.size() + i;
                partition.put(columns.get(i), row.isNullAt(text) ? nullValue : row.getString(text));
            }
            return partition;
        }).toList();
    }
}
