package io.sluice.source.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The records of a page, and whether their fields agree with the pull's schema: the declared one, or
 * else the JSON kinds first seen in the pull. A page that disagrees fails its request, so that one odd
 * page cannot turn a numeric column into strings for the whole load (what Spark's inference would do).
 */
final class Records {

    enum Kind { NUMBER, STRING, BOOLEAN, OBJECT, ARRAY }

    private final StructType declared;
    private final Map<String, Kind> seen = new ConcurrentHashMap<>();

    Records(StructType declared) {
        this.declared = declared;
    }

    /** The node at a dotted path; null where there is none. */
    static JsonNode at(JsonNode body, String path) {
        JsonNode node = body;
        for (String part : path.split("\\.")) {
            node = node == null || !node.isObject() ? null : node.get(part);
        }
        return node;
    }

    /** The array of records: the body itself, or the array at {@code recordsPath}. */
    static JsonNode records(JsonNode body, String recordsPath) {
        JsonNode records = recordsPath == null ? body : at(body, recordsPath);
        if (records == null || records.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!records.isArray()) {
            throw new RequestFailure(recordsPath == null ? "the body is not a JSON array; set recordsPath to where the records are"
                    : "'" + recordsPath + "' in the body is not an array");
        }
        return records;
    }

    /** Null if every record fits; else what does not. */
    String conflict(JsonNode records) {
        for (JsonNode record : records) {
            if (!record.isObject()) {
                return "a record is not a JSON object: " + abbreviate(record.toString());
            }
            for (Map.Entry<String, JsonNode> field : record.properties()) {
                Kind kind = kind(field.getValue());
                if (kind == null) {
                    continue;
                }
                String problem = declared != null ? againstDeclared(field.getKey(), kind) : againstSeen(field.getKey(), kind);
                if (problem != null) {
                    return problem + " (value " + abbreviate(field.getValue().toString()) + ")";
                }
            }
        }
        return null;
    }

    private String againstDeclared(String name, Kind kind) {
        for (StructField field : declared.fields()) {
            if (field.name().equalsIgnoreCase(name)) {
                return fits(field.dataType(), kind) ? null
                        : "field '%s' is %s here but the schema says %s".formatted(name, kind.name().toLowerCase(), field.dataType().simpleString());
            }
        }
        return null; // a field the schema leaves out is not loaded
    }

    private String againstSeen(String name, Kind kind) {
        Kind first = seen.putIfAbsent(name, kind);
        return first == null || first == kind ? null
                : "field '%s' is %s here but %s in the pages before".formatted(name, kind.name().toLowerCase(), first.name().toLowerCase());
    }

    private static boolean fits(DataType type, Kind kind) {
        if (type instanceof NumericType) {
            return kind == Kind.NUMBER;
        }
        if (type instanceof BooleanType) {
            return kind == Kind.BOOLEAN;
        }
        if (type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType) {
            return kind == Kind.STRING || kind == Kind.NUMBER;
        }
        if (type instanceof StructType || type instanceof MapType) {
            return kind == Kind.OBJECT;
        }
        if (type instanceof ArrayType) {
            return kind == Kind.ARRAY;
        }
        return true; // a string column takes any JSON value as its text
    }

    private static Kind kind(JsonNode value) {
        if (value.isNumber()) {
            return Kind.NUMBER;
        }
        if (value.isString()) {
            return Kind.STRING;
        }
        if (value.isBoolean()) {
            return Kind.BOOLEAN;
        }
        if (value.isObject()) {
            return Kind.OBJECT;
        }
        return value.isArray() ? Kind.ARRAY : null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
