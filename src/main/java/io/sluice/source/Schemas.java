package io.sluice.source;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import io.sluice.problem.InvalidRequestException;
import io.sluice.table.Identifiers;

/** Parses schema DDL strings ({@code id BIGINT, name STRING}) from requests, with checked column names. */
final class Schemas {

    private Schemas() {
    }

    /** A schema a request may leave out: empty when it did. */
    static Optional<StructType> optional(String field, String ddl) {
        return ddl == null || ddl.isBlank() ? Optional.empty() : Optional.of(parse(field, ddl));
    }

    static StructType parse(String field, String ddl) {
        InvalidRequestException.check(ddl != null && !ddl.isBlank(), field,
                "a schema is required, as DDL such as 'id BIGINT, name STRING'");
        StructType schema;
        try {
            schema = StructType.fromDDL(ddl);
        } catch (Exception e) { // Spark's ParseException is a checked exception Scala throws undeclared
            throw InvalidRequestException.of(field, "not a valid schema DDL: %s", firstLine(e.getMessage()));
        }
        checkNames(field, schema);
        return schema;
    }

    /** Column names and, at any depth, struct field names follow the identifier grammar (backticks let DDL take any name). */
    private static void checkNames(String field, DataType type) {
        if (type instanceof StructType struct) {
            Set<String> seen = new HashSet<>();
            for (StructField column : struct.fields()) {
                Identifiers.column(field, column.name());
                InvalidRequestException.check(seen.add(column.name().toLowerCase(Locale.ROOT)), field,
                        "column '%s' appears twice", column.name());
                checkNames(field, column.dataType());
            }
        } else if (type instanceof ArrayType array) {
            checkNames(field, array.elementType());
        } else if (type instanceof MapType map) {
            checkNames(field, map.keyType());
            checkNames(field, map.valueType());
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
