package io.sluice.watermark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

import io.sluice.problem.InvalidRequestException;
import io.sluice.source.ColumnText;
import scala.jdk.javaapi.CollectionConverters;

/** The source rows a watermark lets through, and the new watermark they make. Values are compared in the column's type. */
public final class WatermarkFilter {

    private WatermarkFilter() {
    }

    /**
     * Rows beyond {@code current} (all rows when there is none yet). Inclusive: rows at {@code current}
     * too, minus those whose keys {@code loaded} (the table's rows at the boundary) already has; pass
     * {@code loaded} null where the write itself absorbs repeats (merge, partition replacement).
     */
    public static Dataset<Row> beyond(Dataset<Row> source, WatermarkSpec spec, String current, Dataset<Row> loaded, List<String> keys) {
        if (current == null) {
            return source;
        }
        Column cursor = col(spec.column());
        // Spark's cast reads the canonical forms and the older stored ones (its own text, in the session time zone) alike
        Column bound = lit(current).cast(type(source, spec.column()));
        if (!spec.isInclusive()) {
            return source.where(cursor.gt(bound));
        }
        Dataset<Row> ties = source.where(cursor.equalTo(bound));
        if (loaded != null) {
            Dataset<Row> loadedKeys = loaded.where(cursor.equalTo(bound)).select(keys.stream().map(k -> col(k)).toArray(Column[]::new));
            ties = ties.join(loadedKeys, CollectionConverters.asScala(keys).toSeq(), "left_anti");
        }
        return source.where(cursor.gt(bound)).unionByName(ties);
    }

    /**
     * The greatest cursor value among the rows, in the canonical text an operator's PUT stores too (a TIMESTAMP as
     * a UTC instant rather than Spark's text in the session time zone); null when there are none.
     */
    public static String greatest(Dataset<Row> rows, String column) {
        Dataset<Row> greatest = rows.agg(max(col(column)));
        return ColumnText.format(greatest.first().get(0), greatest.schema().fields()[0].dataType());
    }

    private static DataType type(Dataset<Row> source, String column) {
        for (StructField field : source.schema().fields()) {
            if (field.name().toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
                return field.dataType();
            }
        }
        throw InvalidRequestException.of("watermark.column", "the source has no column '%s'", column);
    }
}
