package io.sluice.strategy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import io.sluice.write.SchemaPolicy;

/**
 * Fits a source to an existing table by column name under a {@link SchemaPolicy}. A source type that
 * widens safely to the table's (int → bigint, float → double, date → timestamp …) is cast; any other
 * type difference is refused whatever the policy. Partition columns must be present.
 */
public final class SchemaAlignment {

    /** Integral and floating types in widening order: a type may be written into any later one of its family. */
    private static final List<List<DataType>> WIDENING = List.of(
            List.of(DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType),
            List.of(DataTypes.FloatType, DataTypes.DoubleType),
            List.of(DataTypes.DateType, DataTypes.TimestampType));

    private SchemaAlignment() {
    }

    /** The differences the policy refuses, as sentences; empty when the source fits. */
    public static List<String> refused(StructType source, StructType table, List<String> partitionColumns, SchemaPolicy policy) {
        List<String> refused = new ArrayList<>();
        for (StructField column : table.fields()) {
            Optional<StructField> given = field(source, column.name());
            if (given.isEmpty()) {
                boolean partition = partitionColumns.stream().anyMatch(column.name()::equalsIgnoreCase);
                if (partition || policy == SchemaPolicy.FAIL) {
                    refused.add("column '%s' (%s) of the table is missing from the source%s".formatted(column.name(),
                            column.dataType().simpleString(), partition ? " (a partition column is always required)" : ""));
                }
            } else if (!fits(given.get().dataType(), column.dataType(), true) && !widens(given.get().dataType(), column.dataType())) {
                refused.add(fits(given.get().dataType(), column.dataType(), false)
                        ? "column '%s' (%s) may hold nulls inside it in the source where the table's does not admit them".formatted(
                                column.name(), column.dataType().simpleString())
                        : "column '%s' is %s in the source but %s in the table, which is not a safe widening".formatted(
                                column.name(), given.get().dataType().simpleString(), column.dataType().simpleString()));
            }
        }
        if (policy == SchemaPolicy.FAIL) {
            for (StructField column : source.fields()) {
                if (field(table, column.name()).isEmpty()) {
                    refused.add("column '%s' (%s) of the source is not in the table; schemaPolicy add_columns adds it, ignore drops it"
                            .formatted(column.name(), column.dataType().simpleString()));
                }
            }
        }
        return refused;
    }

    /** The source with the table's columns in the table's order, cast to their types, and under add_columns its new ones last. */
    public static Dataset<Row> align(Dataset<Row> data, StructType table, List<String> partitionColumns, SchemaPolicy policy) {
        StructType source = data.schema();
        List<String> refused = refused(source, table, partitionColumns, policy);
        if (!refused.isEmpty()) {
            throw new SchemaMismatchException(refused);
        }
        List<Column> columns = new ArrayList<>();
        for (StructField column : table.fields()) {
            Optional<StructField> given = field(source, column.name());
            Column value = given.isEmpty() ? lit(null) : col(given.get().name());
            boolean cast = given.isEmpty() || !given.get().dataType().equals(column.dataType());
            columns.add((cast ? value.cast(column.dataType()) : value).as(column.name()));
        }
        for (StructField column : source.fields()) {
            if (field(table, column.name()).isEmpty() && policy == SchemaPolicy.ADD_COLUMNS) {
                columns.add(col(column.name()));
            }
        }
        return data.select(columns.toArray(Column[]::new));
    }

    /**
     * The same type; with {@code nulls}, also where only the table admits nulls inside it (array elements, map values,
     * struct fields) that the source's values never hold.
     */
    static boolean fits(DataType from, DataType to, boolean nulls) {
        if (from instanceof ArrayType f && to instanceof ArrayType t) {
            return (!nulls || t.containsNull() || !f.containsNull()) && fits(f.elementType(), t.elementType(), nulls);
        }
        if (from instanceof MapType f && to instanceof MapType t) {
            return (!nulls || t.valueContainsNull() || !f.valueContainsNull()) && fits(f.keyType(), t.keyType(), nulls)
                    && fits(f.valueType(), t.valueType(), nulls);
        }
        if (from instanceof StructType f && to instanceof StructType t) {
            if (f.fields().length != t.fields().length) {
                return false;
            }
            for (int i = 0; i < f.fields().length; i++) {
                StructField a = f.fields()[i];
                StructField b = t.fields()[i];
                if (!a.name().equalsIgnoreCase(b.name()) || (nulls && a.nullable() && !b.nullable()) || !fits(a.dataType(), b.dataType(), nulls)) {
                    return false;
                }
            }
            return true;
        }
        return from.equals(to);
    }

    private static boolean widens(DataType from, DataType to) {
        return WIDENING.stream().anyMatch(family -> family.contains(from) && family.contains(to)
                && family.indexOf(from) < family.indexOf(to));
    }

    private static Optional<StructField> field(StructType schema, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (StructField field : schema.fields()) {
            if (field.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }
}
