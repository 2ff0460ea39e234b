package io.sluice.source;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

import com.fasterxml.jackson.core.Base64Variants;

import io.sluice.api.InvalidRequestException;
import io.sluice.api.InvalidRequestException.Violation;
import scala.Option;

/**
 * Values from requests checked against a column's Spark type before anything is queued: the JSON
 * values of inline rows (as Spark's JSON reader will read them, never more leniently) and values
 * given as text (watermarks), which also get one canonical text form per type. Dates and
 * timestamps go through Spark's own parsers, after a check that they start with a calendar date:
 * that keeps out Spark's time-of-day-only forms and special words ({@code now}, {@code yesterday}),
 * which mean something else each day.
 */
public final class ColumnValues {

    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}");
    private static final Pattern DATE_TIME = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}([T ].*)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,1000}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d{1,1000}\\.?\\d{0,1000}|\\.\\d{1,1000})([eE][+-]?\\d{1,9})?");
    private static final int MAX_TEXT = 4000;

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

    /**
     * A value given as text, in the canonical form of {@code type}: a plain integer, a plain decimal at the
     * column's scale, Java's shortest form for FLOAT and DOUBLE, {@code yyyy-MM-dd}, an ISO-8601 UTC instant
     * for TIMESTAMP (text without an offset is in {@code zone}, as Spark reads it), an ISO local date-time
     * for TIMESTAMP_NTZ, {@code true}/{@code false}, a string as given. A 422 naming {@code field} otherwise.
     */
    public static String canonical(String field, String text, DataType type, ZoneId zone) {
        InvalidRequestException.check(text != null && text.length() <= MAX_TEXT, field, "a value of at most %d characters is required",
                MAX_TEXT);
        if (type instanceof StringType) {
            return text;
        }
        String t = text.strip();
        String canonical = null;
        if (isIntegral(type)) {
            BigInteger integer = INTEGER.matcher(t).matches() ? new BigInteger(t) : null;
            InvalidRequestException.check(integer != null, field, "%s is not a %s: expected %s", quoted(text), name(type), expected(type));
            String problem = range(t, new BigDecimal(integer), type);
            InvalidRequestException.check(problem == null, field, problem);
            canonical = integer.toString();
        } else if (type instanceof DecimalType || type instanceof FloatType || type instanceof DoubleType) {
            BigDecimal number = NUMBER.matcher(t).matches() ? new BigDecimal(t) : null;
            InvalidRequestException.check(number != null, field, "%s is not a %s: expected %s", quoted(text), name(type), expected(type));
            String problem = type instanceof DecimalType decimal ? decimal(t, number, decimal) : floating(t, number, type);
            InvalidRequestException.check(problem == null, field, problem);
            canonical = type instanceof DecimalType decimal ? number.setScale(decimal.scale()).toPlainString()
                    : type instanceof FloatType ? Float.toString(number.floatValue()) : Double.toString(number.doubleValue());
        } else if (type instanceof BooleanType) {
            canonical = t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false") ? t.toLowerCase(Locale.ROOT) : null;
        } else if (type instanceof DateType) {
            Integer days = date(t);
            canonical = days == null ? null : LocalDate.ofEpochDay(days).toString();
        } else if (type instanceof TimestampType) {
            Long micros = timestamp(t, zone);
            canonical = micros == null ? null : DateTimeUtils.microsToInstant(micros).toString();
        } else if (type instanceof TimestampNTZType) {
            Long micros = localTimestamp(t);
            canonical = micros == null ? null : DateTimeUtils.microsToLocalDateTime(micros).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } else {
            throw InvalidRequestException.of(field, "a %s column cannot hold a watermark: use a number, date, timestamp, boolean or"
                    + " string column", name(type));
        }
        InvalidRequestException.check(canonical != null, field, "%s is not a %s: expected %s", quoted(text), name(type), expected(type));
        return canonical;
    }

    /** A value Spark returned for a column of {@code type} (a Row's cell), in the canonical form of {@link #canonical}. */
    public static String format(Object value, DataType type) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof LocalDateTime local) {
            return local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (value instanceof BigDecimal decimal) {
            return (type instanceof DecimalType d ? decimal.setScale(d.scale()) : decimal).toPlainString();
        }
        return value.toString(); // Instant, LocalDate, integers, Double and Float (shortest form), Boolean, String
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

    private static String range(String shown, BigDecimal value, DataType type) {
        if (value == null) {
            return "%s is out of range for %s".formatted(shown, name(type));
        }
        long[] bounds = bounds(type);
        boolean inside = value.compareTo(BigDecimal.valueOf(bounds[0])) >= 0 && value.compareTo(BigDecimal.valueOf(bounds[1])) <= 0;
        return inside ? null : "%s is out of range for %s".formatted(shown, name(type));
    }

    private static String floating(String shown, BigDecimal value, DataType type) {
        boolean finite = value != null
                && (type instanceof FloatType ? Float.isFinite(value.floatValue()) : Double.isFinite(value.doubleValue()));
        return finite ? null : "%s is out of range for %s".formatted(shown, name(type));
    }

    /**
     * A decimal fits when it needs no more integer digits than the type has and no rounding: Spark would round
     * half up to the scale without a word. Extra scale digits that are zeros need no rounding ({@code 1.50} fits
     * DECIMAL(5,1)).
     */
    private static String decimal(String shown, BigDecimal value, DecimalType type) {
        int integerDigits = type.precision() - type.scale();
        if (value == null || value.signum() != 0 && (long) value.precision() - value.scale() > integerDigits) {
            return "%s is out of range for %s: at most %d digits before the decimal point".formatted(shown, name(type), integerDigits);
        }
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > type.scale()) {
            return "%s needs rounding to fit %s: at most %d digits after the decimal point".formatted(shown, name(type), type.scale());
        }
        return null;
    }

    /** Spark's date parser on text that starts with a calendar date; days since the epoch, null when it is none. */
    private static Integer date(String text) {
        if (!DATE.matcher(text).matches()) {
            return null;
        }
        Option<Object> days = DateTimeUtils.stringToDate(UTF8String.fromString(text));
        return days.isDefined() ? (Integer) days.get() : null;
    }

    private static Long timestamp(String text, ZoneId zone) {
        if (!DATE_TIME.matcher(text).matches()) {
            return null;
        }
        Option<Object> micros = DateTimeUtils.stringToTimestamp(UTF8String.fromString(text), zone);
        return micros.isDefined() ? (Long) micros.get() : null;
    }

    private static Long localTimestamp(String text) {
        if (!DATE_TIME.matcher(text).matches()) {
            return null;
        }
        Option<Object> micros = DateTimeUtils.stringToTimestampWithoutTimeZone(UTF8String.fromString(text), false);
        return micros.isDefined() ? (Long) micros.get() : null;
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

    /** Spark's decimal parse of a string, without its tolerance of thousands separators. */
    private static BigDecimal parseDecimal(String text) {
        try {
            return text.length() <= 1000 ? new BigDecimal(text) : null;
        } catch (NumberFormatException e) {
            return null;
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

    private static boolean isIntegral(DataType type) {
        return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType || type instanceof LongType;
    }

    private static long[] bounds(DataType type) {
        if (type instanceof ByteType) {
            return new long[] { Byte.MIN_VALUE, Byte.MAX_VALUE };
        }
        if (type instanceof ShortType) {
            return new long[] { Short.MIN_VALUE, Short.MAX_VALUE };
        }
        if (type instanceof IntegerType) {
            return new long[] { Integer.MIN_VALUE, Integer.MAX_VALUE };
        }
        return new long[] { Long.MIN_VALUE, Long.MAX_VALUE };
    }

    private static String mismatch(Object value, DataType type) {
        return "%s is not a %s: expected %s".formatted(display(value), name(type), expected(type));
    }

    private static Optional<Violation> refuse(String field, Object value, DataType type) {
        return Optional.of(new Violation(field, mismatch(value, type)));
    }

    /** What a column of the type takes, in the request's terms. */
    private static String expected(DataType type) {
        if (isIntegral(type)) {
            long[] bounds = bounds(type);
            return "a whole number from %d to %d".formatted(bounds[0], bounds[1]);
        }
        if (type instanceof DecimalType d) {
            return "a number with at most %d digits before and %d after the decimal point".formatted(d.precision() - d.scale(), d.scale());
        }
        if (type instanceof FloatType || type instanceof DoubleType) {
            return "a finite number";
        }
        if (type instanceof BooleanType) {
            return "true or false";
        }
        if (type instanceof StringType) {
            return "text, a number or true or false";
        }
        if (type instanceof DateType) {
            return "a date as yyyy-MM-dd, such as 2024-08-01";
        }
        if (type instanceof TimestampType) {
            return "a timestamp such as 2024-08-01T10:00:00Z, or 2024-08-01 10:00:00 in the session time zone";
        }
        if (type instanceof TimestampNTZType) {
            return "a timestamp without offset, such as 2024-08-01T10:00:00";
        }
        if (type instanceof BinaryType) {
            return "base64 text";
        }
        return type instanceof ArrayType ? "a JSON array" : "a JSON object";
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

    private static String quoted(String text) {
        return "'" + (text.length() <= 80 ? text : text.substring(0, 77) + "...") + "'";
    }

    private static String name(DataType type) {
        return type.sql();
    }
}
