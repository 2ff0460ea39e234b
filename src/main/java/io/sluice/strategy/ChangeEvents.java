package io.sluice.strategy;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.sluice.problem.InvalidRequestException;
import io.sluice.write.ChangeOptions;

/**
 * A source of change events as apply_changes reads it: each row's sequence ({@code _sluice_seq}: the sequenceBy column, or
 * a struct of several, which Spark orders field by field) and whether it is a delete ({@code _sluice_delete}: deleteWhen,
 * null counting as false) are computed from the whole source row, then the except columns are dropped.
 */
final class ChangeEvents {

    static final String SEQUENCE = "_sluice_seq";
    static final String DELETE = "_sluice_delete";

    private ChangeEvents() {
    }

    static Dataset<Row> of(Dataset<Row> source, ChangeOptions changes) {
        Column delete = changes.deleteWhen() == null ? lit(false) : coalesce(expr(changes.deleteWhen()), lit(false));
        String[] except = Arrays.stream(source.columns()).filter(changes::excepts).toArray(String[]::new);
        return source.withColumn(SEQUENCE, sequence(changes.sequenceBy())).withColumn(DELETE, delete).drop(except);
    }

    /** The sequence of a row; null when any part of it is null, so that one check finds them. */
    static Column sequence(List<String> columns) {
        if (columns.size() == 1) {
            return col(columns.get(0));
        }
        Column anyNull = columns.stream().map(c -> col(c).isNull()).reduce(Column::or).orElseThrow();
        return when(anyNull, lit(null)).otherwise(struct(columns.stream().map(c -> col(c)).toArray(Column[]::new)));
    }

    /** The type a sequence of these columns of {@code schema} has: validFrom's and validTo's in a history table. */
    static DataType sequenceType(StructType schema, List<String> columns) {
        List<StructField> fields = columns.stream().map(c -> Arrays.stream(schema.fields()).filter(f -> f.name().equalsIgnoreCase(c))
                .findFirst().orElseThrow(() -> InvalidRequestException.of("sequenceBy", "column '%s' is not in the table", c))).toList();
        return fields.size() == 1 ? fields.get(0).dataType()
                : DataTypes.createStructType(fields.stream().map(f -> DataTypes.createStructField(f.name(), f.dataType(), true)).toList());
    }

    /** How many events, deletes, keys and events of the busiest key there are; a null key or sequence fails the run, naming how many. */
    record Counts(long events, long deletes, long keys, long mostPerKey) {
    }

    static Counts counted(Dataset<Row> events, List<String> keys) {
        Column nullKey = keys.stream().map(k -> col(k).isNull()).reduce(Column::or).orElseThrow();
        Column[] keyColumns = keys.stream().map(k -> col(k)).toArray(Column[]::new);
        Row row = events.groupBy(keyColumns)
                .agg(count(lit(1)).as("n"), count_if(col(DELETE)).as("d"),
                        count_if(nullKey).as("nk"), count_if(col(SEQUENCE).isNull()).as("ns"))
                .agg(coalesce(sum("n"), lit(0L)), coalesce(sum("d"), lit(0L)),
                        count(lit(1)), coalesce(max("n"), lit(0L)),
                        coalesce(sum("nk"), lit(0L)), coalesce(sum("ns"), lit(0L)))
                .first();
        InvalidRequestException.check(row.getLong(4) == 0, "keys", "%d event(s) have a null in a key column %s: apply_changes cannot "
                + "tell which row they change; nothing was written", row.getLong(4), keys);
        InvalidRequestException.check(row.getLong(5) == 0, "sequenceBy", "%d event(s) have a null sequence: apply_changes cannot order "
                + "them; nothing was written", row.getLong(5));
        return new Counts(row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3));
    }
}
