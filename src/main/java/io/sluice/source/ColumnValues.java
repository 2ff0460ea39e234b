package io.sluice.source;

import static io.sluice.source.ColumnTypes.date;
import static io.sluice.source.ColumnTypes.decimal;
import static io.sluice.source.ColumnTypes.expected;
import static io.sluice.source.ColumnTypes.floating;
import static io.sluice.source.ColumnTypes.isIntegral;
import static io.sluice.source.ColumnTypes.localTimestamp;
import static io.sluice.source.ColumnTypes.name;
import static io.sluice.source.ColumnTypes.parseDecimal;
import static io.sluice.source.ColumnTypes.quoted;
import static io.sluice.source.ColumnTypes.range;
import static io.sluice.source.ColumnTypes.timestamp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import com.fasterxml.jackson.core.Base64Variants;

import io.sluice.problem.InvalidRequestException.Violation;

/**
 * The JSON values of inline rows checked against their column's Spark type before anything is queued, as
 * Spark's JSON reader will read them and never more leniently: a value it would not read fails the request
 * rather than the run.
 */
public final class ColumnValues {

    private ColumnValues() {
    }

    /**
     * The first problem of a JSON value (as Jackson reads a request: Map, List, String, Boolean, any
     * Number) for a column of {@code type}; empty when it fits. {@code field} names it, and nested values
     * extend it ({@code source.rows[3].tags[0]}). Null fits every type.
     */
    public static Optional<Violation> check(String field, Object value, DataType type) {
        if (value == null) {
            return Optional.empty();
        }
        if (type instanceof StructType struct) {
            return value instanceof Map<?, ?> map ? struct(field, map, struct) : refuse(field, value, type);
        }
        if (type instanceof ArrayType array) {
            if (!(value instanceof List<?> list)) {
                return refuse(field, value, type);
            }
            for (int i = 0; i < list.size(); i++) {
                Optional<Violation> problem = check(field + "[" + i + "]", list.get(i), array.elementType());
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }
        if (type instanceof MapType mapType) {
            if (!(value instanceof Map<?, ?> map)) {
                return refuse(field, value, type);
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                Optional<Violation> problem = check(field + "." + entry.getKey(), entry.getValue(), mapType.valueType());
                if (problem.isPresent()) {
                    return problem;
                }
            }
            return Optional.empty();
        }
        String problem = scalar(value, type);
        return problem == null ? Optional.empty() : Optional.of(new Violation(field, problem));
    }

    private static Optional<Violation> struct(String field, Map<?, ?> object, StructType struct) {
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Optional<StructField> nested = Arrays.stream(struct.fields()).filter(f -> f.name().equals(name)).findFirst();
            if (nested.isEmpty()) {
                return Optional.of(new Violation(field + "." + name, "no field '%s' in %s".formatted(name, name(struct))));
            }
            Optional<Violation> problem = check(field + "." + name, entry.getValue(), nested.get().dataType());
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    /** The problem of a non-null scalar JSON value, or null when it fits. */
    private static String scalar(Object value, DataType type) {
        if (isIntegral(type)) {
            if (!(value instanceof Number number)) {
                return mismatch(value, type);
            }
            BigDecimal exact = exact(number);
            String problem = range(display(value), exact, type);
            if (problem != null || isWhole(number)) {
                return problem;
            }
            // Spark's reader takes only JSON integers for integral types: 1.0 and 1e3 fail the run
            return "%s has a decimal point or exponent: %s takes whole numbers such as 42".formatted(display(value), name(type));
        }
        if (type instanceof FloatType || type instanceof DoubleType) {
            return value instanceof Number number ? floating(display(value), exact(number), type) : mismatch(value, type);
        }
        if (type instanceof DecimalType decimal) {
            if (value instanceof Number number) {
                return decimal(display(value), exact(number), decimal);
            }
            if (value instanceof String text) { // Spark reads decimals from strings too: the way to send them exactly
                BigDecimal parsed = parseDecimal(text);
                return parsed == null ? mismatch(value, type) : decimal(display(value), parsed, decimal);
            }
            return mismatch(value, type);
        }
        if (type instanceof BooleanType) {
            return value instanceof Boolean ? null : mismatch(value, type);
        }
        if (type instanceof StringType) {
            return value instanceof Map || value instanceof List ? mismatch(value, type) : null;
        }
        if (type instanceof DateType) {
            return value instanceof String text && date(text.strip()) != null ? null : mismatch(value, type);
        }
        if (type instanceof TimestampType) {
            if (value instanceof Number number && isWhole(number)) { // Spark reads a JSON integer as seconds since the epoch
                return seconds(number) ? null : "%s is out of range for %s".formatted(display(value), name(type));
            }
            // any zone tells a timestamp from none: the run reads local text in the session's zone
            return value instanceof String text && timestamp(text.strip(), ZoneOffset.UTC) != null ? null : mismatch(value, type);
        }
        if (type instanceof TimestampNTZType) {
            return value instanceof String text && localTimestamp(text.strip()) != null ? null : mismatch(value, type);
        }
        if (type instanceof BinaryType) {
            return value instanceof String text && base64(text) ? null : mismatch(value, type);
        }
        return null; // intervals, variants and the like: Spark's parse decides when the run reads
    }

    /** Spark multiplies JSON seconds into microseconds without an overflow check. */
    private static boolean seconds(Number number) {
        BigDecimal seconds = exact(number);
        return seconds != null && seconds.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000)) <= 0;
    }

    /** Spark decodes binary values with Jackson's default base64 variant. */
    private static boolean base64(String text) {
        try {
            Base64Variants.getDefaultVariant().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The exact value of a Number Jackson made; null for an infinite or NaN Double (a JSON number beyond DOUBLE). */
    private static BigDecimal exact(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? new BigDecimal(number.toString()) : null;
        }
        return BigDecimal.valueOf(number.longValue());
    }

    /** JSON integers arrive as Integer, Long or BigInteger; numbers with a point or exponent as BigDecimal or Double. */
    private static boolean isWhole(Number number) {
        return number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
                || number instanceof BigInteger;
    }

    private static String mismatch(Object value, DataType type) {
        return "%s is not a %s: expected %s".formatted(display(value), name(type), expected(type));
    }

    private static Optional<Violation> refuse(String field, Object value, DataType type) {
        return Optional.of(new Violation(field, mismatch(value, type)));
    }

    private static String display(Object value) {
        if (value instanceof String text) {
            return quoted(text);
        }
        if (value instanceof Map) {
            return "a JSON object";
        }
        if (value instanceof List) {
            return "a JSON array";
        }
        if ((value instanceof Double || value instanceof Float) && !Double.isFinite(((Number) value).doubleValue())) {
            return "a number beyond ±1.8E308";
        }
        return String.valueOf(value);
    }
}
